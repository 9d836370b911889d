//
// SecondFactorSettings.cpp
//


#include "AuthServer/SecondFactor/SecondFactorSettings.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/URI.h"
#include <sys/stat.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace SecondFactor {


namespace
{

	// scheme://host[:port] of a URL, the port only when not the default
	// (HTML "serialization of an origin").
	std::string originOf(const Poco::URI& uri)
	{
		std::string origin = Poco::toLower(uri.getScheme()) + "://" + Poco::toLower(uri.getHost());
		// getSpecifiedPort: 0 unless the URL names a port; the scheme's
		// default port is left out, as browsers do.
		unsigned short port = uri.getSpecifiedPort();
		unsigned short defaultPort = Poco::toLower(uri.getScheme()) == "https" ? 443 : 80;
		if (port != 0 && port != defaultPort) origin += ":" + std::to_string(port);
		return origin;
	}

	void readWebAuthn(Core::ConfigReader& reader, SecondFactorSettings& settings)
	{
		Poco::URI publicUrl(reader.getString(Keys::APP_PUBLIC_URL));
		settings.rpId = Poco::trim(reader.getString(Keys::WEBAUTHN_RP_ID));
		if (settings.rpId.empty()) settings.rpId = Poco::toLower(publicUrl.getHost());
		if (settings.rpId.empty()) throw ConfigurationException(Keys::WEBAUTHN_RP_ID, "empty, and app.publicUrl has no host");
		settings.rpName = Poco::trim(reader.getString(Keys::WEBAUTHN_RP_NAME));
		if (settings.rpName.empty()) settings.rpName = Poco::trim(reader.getString(Keys::APP_NAME));
		if (settings.rpName.empty()) settings.rpName = "AuthServer";
		Poco::StringTokenizer origins(reader.getString(Keys::WEBAUTHN_ORIGINS), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& origin: origins)
		{
			Poco::URI uri;
			try
			{
				uri = Poco::URI(origin);
			}
			catch (Poco::Exception&)
			{
				throw ConfigurationException(Keys::WEBAUTHN_ORIGINS, "\"" + origin + "\" is not an origin (scheme://host[:port])");
			}
			if ((uri.getScheme() != "https" && uri.getScheme() != "http") || uri.getHost().empty() || originOf(uri) != origin)
				throw ConfigurationException(Keys::WEBAUTHN_ORIGINS, "\"" + origin + "\" is not an origin (scheme://host[:port], lower case, no path)");
			settings.origins.push_back(origin);
		}
		if (settings.origins.empty()) settings.origins.push_back(originOf(publicUrl));
	}
}


SecondFactorSettings SecondFactorSettings::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader reader(config);
	SecondFactorSettings settings;
	settings.issuer = Poco::trim(reader.getString(Keys::MFA_TOTP_ISSUER));
	if (settings.issuer.empty()) settings.issuer = Poco::trim(reader.getString(Keys::APP_NAME));
	if (settings.issuer.empty()) settings.issuer = "AuthServer";
	readWebAuthn(reader, settings);
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
	settings.encryptionKey = Core::Digests::deriveKey("authserver mfa totp secrets", secret);
	return settings;
}


} } // namespace AuthServer::SecondFactor
