//
// TokensSubsystem.h
//
// Reads the jwt.* keys and provides the TokenService.
//


#ifndef AuthServer_Tokens_TokensSubsystem_INCLUDED
#define AuthServer_Tokens_TokensSubsystem_INCLUDED


#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Tokens/TokenService.h"
#include "Poco/Util/AbstractConfiguration.h"
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Tokens {


class TokensSubsystem: public Poco::Util::Subsystem
	/// Owns jwt.algorithm, jwt.secret, jwt.privateKeyFile, jwt.publicKeyFile,
	/// jwt.keyId, jwt.previousPublicKeyFiles, jwt.issuer, jwt.audience and
	/// the token lifetimes. With app.profile=embedded and no jwt.secret it
	/// generates a 256-bit secret once and keeps it in
	/// <app.dataDirectory>/jwt.secret (mode 0600), so tokens survive a
	/// restart; any other profile requires jwt.secret (CONFIG.md).
{
public:
	TokensSubsystem();

	const char* name() const override;

	TokenService& tokenService();
		/// Returns the service; valid after initialize().

	static TokenService::Settings readSettings(const Poco::Util::AbstractConfiguration& config);
		/// Reads and validates the keys. Throws Core::ConfigurationException
		/// naming the key: an unknown jwt.algorithm; for HS256 a jwt.secret
		/// shorter than 32 bytes or missing outside the embedded profile; for
		/// RS256/ES256 a missing or unreadable key file, a key of the wrong
		/// type or curve, an RSA key under 2048 bits, a public key that does
		/// not belong to the private key, a malformed or duplicate entry of
		/// jwt.previousPublicKeyFiles; a lifetime out of range.

	struct KeyFileEntry
		/// One entry of jwt.previousPublicKeyFiles.
	{
		std::string kid;  /// "" when the entry names only the file
		std::string file; /// PEM path, as written (relative or absolute)
	};

	static KeyFileEntry parseKeyFileEntry(const std::string& entry);
		/// Splits "[kid=]file.pem" at the first '=' and trims both parts
		/// (the one reading of the format, for start-up path resolution
		/// and for readSettings). Throws Core::ConfigurationException
		/// naming jwt.previousPublicKeyFiles when kid= or =file is empty.

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	static void readKeys(const Core::ConfigReader& reader, TokenService::Settings& settings);
	static void readLifetimes(const Core::ConfigReader& reader, TokenService::Settings& settings);

	TokenService::Ptr _pService;
};


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_TokensSubsystem_INCLUDED
