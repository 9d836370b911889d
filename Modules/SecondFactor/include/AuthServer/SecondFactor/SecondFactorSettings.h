//
// SecondFactorSettings.h
//
// The mfa.* keys.
//


#ifndef AuthServer_SecondFactor_SecondFactorSettings_INCLUDED
#define AuthServer_SecondFactor_SecondFactorSettings_INCLUDED


#include "Poco/Util/AbstractConfiguration.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


struct SecondFactorSettings
	/// encryptionKey: the 32-byte AES-256-GCM key of stored TOTP secrets,
	/// derived by SHA-256 from mfa.encryptionKey (or, under the embedded
	/// profile with the key empty, from a random secret kept in
	/// app.dataDirectory/mfa.key, mode 0600, as jwt.secret is); empty when
	/// the production profile has no key (authenticator apps are then off).
	/// issuer: mfa.totp.issuer, default app.name.
	/// rpId, rpName, origins: webauthn.rpId (default the host of
	/// app.publicUrl), webauthn.rpName (default app.name), webauthn.origins
	/// (comma-separated, default the origin scheme://host[:port] of
	/// app.publicUrl); W3C WebAuthn Level 2 §5.4.2, §13.4.9.
{
	std::string encryptionKey;
	std::string issuer = "AuthServer";
	std::string rpId = "127.0.0.1";
	std::string rpName = "AuthServer";
	std::vector<std::string> origins;

	static SecondFactorSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads the keys. Throws Core::ConfigurationException naming
		/// mfa.encryptionKey when it is shorter than 32 characters, or empty
		/// under the embedded profile and no file can be kept in
		/// app.dataDirectory; naming webauthn.origins for an origin that is
		/// not scheme://host[:port], webauthn.rpId for an empty one.
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_SecondFactorSettings_INCLUDED
