//
// TokensSubsystem.cpp
//


#include "AuthServer/Tokens/TokensSubsystem.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/Util/Application.h"
#include <optional>
#include <set>
#include <sys/stat.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Tokens {


namespace
{
	bool isEmbeddedSecret(const std::string& dataDirectory, const std::string& secret)
	{
		std::optional<std::string> stored = Core::EmbeddedSecret::read(dataDirectory, "jwt.secret");
		return stored && *stored == secret;
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
	std::string algorithm = reader.getChoice(Keys::JWT_ALGORITHM);
	TokenService::Settings settings;
	settings.algorithm = algorithm;
	settings.keyId = Poco::trim(reader.getString(Keys::JWT_KEY_ID));
	if (algorithm != "HS256")
	{
		readKeys(reader, settings);
		readLifetimes(reader, settings);
		settings.simpleJwtClaims = !Poco::trim(reader.getString(Keys::COMPAT_PROFILES)).empty();
		return settings;
	}
	settings.secret = Poco::trim(reader.getString(Keys::JWT_SECRET));
	std::string profile = reader.getChoice(Keys::APP_PROFILE);
	if (settings.secret.empty())
	{
		if (profile != "embedded")
			throw ConfigurationException(Keys::JWT_SECRET, "must be set (at least 32 bytes) outside the embedded profile");
		settings.secret = Core::EmbeddedSecret::readOrCreate(reader.getString(Keys::APP_DATA_DIRECTORY), "jwt.secret");
	}
	else if (profile != "embedded" && isEmbeddedSecret(reader.getString(Keys::APP_DATA_DIRECTORY), settings.secret))
	{
		// Copying the development secret into production would let anyone
		// who had the development machine's var/ forge tokens (OWASP ASVS
		// 4.0 2.10.4, 6.4.1: secrets are not shared with non-production).
		throw ConfigurationException(Keys::JWT_SECRET, "is the embedded profile's generated secret (app.dataDirectory/jwt.secret); give production a secret of its own");
	}
	if (settings.secret.size() < 32)
		throw ConfigurationException(Keys::JWT_SECRET, "must be at least 32 bytes (RFC 7518 §3.2)");
	readLifetimes(reader, settings);
	// Docs/COMPAT.md "Tokens": while a compatibility profile is on, every
	// token also carries simplejwt's token_type and user_id.
	settings.simpleJwtClaims = !Poco::trim(reader.getString(Keys::COMPAT_PROFILES)).empty();
	// A legacy key equal to ours would let a forged simplejwt token and an
	// AuthServer token share one key (the key itself is never printed).
	std::string legacyKey = reader.getString(Keys::COMPAT_LEGACY_SIGNING_KEY);
	if (settings.algorithm == "HS256" && !legacyKey.empty() && legacyKey == settings.secret)
		throw ConfigurationException(Keys::COMPAT_LEGACY_SIGNING_KEY, "must differ from jwt.secret");
	return settings;
}


void TokensSubsystem::readKeys(const Core::ConfigReader& reader, TokenService::Settings& settings)
{
	const std::string& algorithm = settings.algorithm;
	std::string privateKeyFile = Poco::trim(reader.getString(Keys::JWT_PRIVATE_KEY_FILE));
	std::string publicKeyFile = Poco::trim(reader.getString(Keys::JWT_PUBLIC_KEY_FILE));
	if (privateKeyFile.empty()) throw ConfigurationException(Keys::JWT_PRIVATE_KEY_FILE, "must name a PEM private key when jwt.algorithm=" + algorithm);
	try
	{
		settings.pSigningKey = SigningKey::loadPrivate(algorithm, privateKeyFile, settings.keyId);
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(Keys::JWT_PRIVATE_KEY_FILE, exc.message());
	}
	if (!publicKeyFile.empty())
	{
		SigningKey::Ptr pPublic;
		try
		{
			pPublic = SigningKey::loadPublic(algorithm, publicKeyFile, settings.keyId);
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException(Keys::JWT_PUBLIC_KEY_FILE, exc.message());
		}
		if (!pPublic->matches(*settings.pSigningKey))
			throw ConfigurationException(Keys::JWT_PUBLIC_KEY_FILE, publicKeyFile + " does not belong to the private key in " + privateKeyFile);
	}
	std::vector<std::string> entries = reader.getList(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES);
	std::set<std::string> kids{settings.pSigningKey->keyId()};
	for (const std::string& entry: entries)
	{
		// [kid=]file.pem: an explicit kid keeps tokens issued under a
		// configured jwt.keyId verifiable after the rotation.
		KeyFileEntry parsed = parseKeyFileEntry(entry);
		const std::string& file = parsed.file;
		SigningKey::Ptr pKey;
		try
		{
			pKey = SigningKey::loadPublic(algorithm, file, parsed.kid);
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES, exc.message());
		}
		if (pKey->matches(*settings.pSigningKey))
			throw ConfigurationException(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES, file + " is the current public key, not a retired one");
		if (!kids.insert(pKey->keyId()).second)
			throw ConfigurationException(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES, "kid " + pKey->keyId() + " is used twice");
		settings.previousKeys.push_back(pKey);
	}
}


TokensSubsystem::KeyFileEntry TokensSubsystem::parseKeyFileEntry(const std::string& entry)
{
	KeyFileEntry result;
	result.file = Poco::trim(entry);
	std::size_t eq = entry.find('=');
	if (eq != std::string::npos)
	{
		result.kid = Poco::trim(entry.substr(0, eq));
		result.file = Poco::trim(entry.substr(eq + 1));
		if (result.kid.empty() || result.file.empty())
			throw ConfigurationException(Keys::JWT_PREVIOUS_PUBLIC_KEY_FILES, "entry '" + entry + "' is not [kid=]file.pem");
	}
	return result;
}


void TokensSubsystem::readLifetimes(const Core::ConfigReader& reader, TokenService::Settings& settings)
{
	settings.issuer = reader.getString(Keys::JWT_ISSUER);
	if (settings.issuer.empty()) throw ConfigurationException(Keys::JWT_ISSUER, "must not be empty");
	settings.audience = reader.getString(Keys::JWT_AUDIENCE);
	settings.accessLifetime = reader.getInt(Keys::JWT_ACCESS_TOKEN_LIFETIME);
	settings.refreshLifetime = reader.getInt(Keys::JWT_REFRESH_TOKEN_LIFETIME);
}


void TokensSubsystem::initialize(Poco::Util::Application& app)
{
	_pService = new TokenService(readSettings(app.config()));
}


void TokensSubsystem::uninitialize()
{
}


} } // namespace AuthServer::Tokens
