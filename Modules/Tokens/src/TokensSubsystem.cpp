//
// TokensSubsystem.cpp
//


#include "AuthServer/Tokens/TokensSubsystem.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/Util/Application.h"
#include <sys/stat.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Tokens {


namespace
{
	std::string embeddedSecret(const std::string& dataDirectory)
	{
		Poco::File dir(dataDirectory);
		dir.createDirectories();
		Poco::Path path(dataDirectory, "jwt.secret");
		Poco::File file(path);
		if (file.exists())
		{
			Poco::FileInputStream in(path.toString());
			std::string secret;
			std::getline(in, secret);
			return Poco::trim(secret);
		}
		std::string secret = Core::SecureRandom::token(32);
		std::string tmp = path.toString() + ".tmp";
		{
			mode_t old = ::umask(077);
			Poco::FileOutputStream out(tmp);
			out << secret << "\n";
			out.close();
			::umask(old);
		}
		::chmod(tmp.c_str(), 0600);
		Poco::File(tmp).renameTo(path.toString());
		return secret;
	}
}


TokensSubsystem::TokensSubsystem() = default;


const char* TokensSubsystem::name() const
{
	return "AuthServer.Tokens";
}


TokenService& TokensSubsystem::tokenService()
{
	return *_pService;
}


TokenService::Settings TokensSubsystem::readSettings(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader reader(config);
	std::string algorithm = reader.getChoice(Keys::JWT_ALGORITHM, "HS256", {"HS256", "RS256", "ES256"});
	if (algorithm != "HS256")
		throw ConfigurationException(Keys::JWT_ALGORITHM, algorithm + " signing keys are not available in this build yet; use HS256");
	TokenService::Settings settings;
	settings.secret = Poco::trim(reader.getString(Keys::JWT_SECRET));
	if (settings.secret.empty())
	{
		std::string profile = reader.getChoice(Keys::APP_PROFILE, "embedded", {"embedded", "production"});
		if (profile != "embedded")
			throw ConfigurationException(Keys::JWT_SECRET, "must be set (at least 32 bytes) outside the embedded profile");
		settings.secret = embeddedSecret(reader.getString(Keys::APP_DATA_DIRECTORY, "var"));
	}
	if (settings.secret.size() < 32)
		throw ConfigurationException(Keys::JWT_SECRET, "must be at least 32 bytes (RFC 7518 §3.2)");
	settings.issuer = reader.getString(Keys::JWT_ISSUER, "authserver");
	if (settings.issuer.empty()) throw ConfigurationException(Keys::JWT_ISSUER, "must not be empty");
	settings.audience = reader.getString(Keys::JWT_AUDIENCE);
	settings.accessLifetime = reader.getInt(Keys::JWT_ACCESS_TOKEN_LIFETIME, 900, 1, 86400);
	settings.refreshLifetime = reader.getInt(Keys::JWT_REFRESH_TOKEN_LIFETIME, 604800, 60, 31536000);
	return settings;
}


void TokensSubsystem::initialize(Poco::Util::Application& app)
{
	_pService = new TokenService(readSettings(app.config()));
}


void TokensSubsystem::uninitialize()
{
}


} } // namespace AuthServer::Tokens
