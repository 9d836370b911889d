//
// SecondFactorSettings.cpp
//


#include "AuthServer/SecondFactor/SecondFactorSettings.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/SHA2Engine.h"
#include "Poco/String.h"
#include <sys/stat.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace SecondFactor {


namespace
{
	std::string deriveKey(const std::string& secret)
	{
		Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
		sha.update("authserver mfa totp secrets\n" + secret);
		const Poco::DigestEngine::Digest& d = sha.digest();
		return std::string(d.begin(), d.end());
	}
}


SecondFactorSettings SecondFactorSettings::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader reader(config);
	SecondFactorSettings settings;
	settings.issuer = Poco::trim(reader.getString(Keys::MFA_TOTP_ISSUER));
	if (settings.issuer.empty()) settings.issuer = Poco::trim(reader.getString(Keys::APP_NAME));
	if (settings.issuer.empty()) settings.issuer = "AuthServer";
	std::string secret = Poco::trim(reader.getString(Keys::MFA_ENCRYPTION_KEY));
	std::string profile = reader.getChoice(Keys::APP_PROFILE);
	if (secret.empty())
	{
		if (profile != "embedded") return settings;
		try
		{
			secret = Core::EmbeddedSecret::readOrCreate(reader.getString(Keys::APP_DATA_DIRECTORY), "mfa.key");
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException(Keys::MFA_ENCRYPTION_KEY, "empty, and no key can be kept in app.dataDirectory: " + exc.displayText());
		}
	}
	else if (secret.size() < 32)
	{
		throw ConfigurationException(Keys::MFA_ENCRYPTION_KEY, "must be at least 32 characters");
	}
	settings.encryptionKey = deriveKey(secret);
	return settings;
}


} } // namespace AuthServer::SecondFactor
