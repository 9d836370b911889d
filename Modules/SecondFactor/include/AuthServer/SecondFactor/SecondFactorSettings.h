//
// SecondFactorSettings.h
//
// The mfa.* keys.
//


#ifndef AuthServer_SecondFactor_SecondFactorSettings_INCLUDED
#define AuthServer_SecondFactor_SecondFactorSettings_INCLUDED


#include "Poco/Util/AbstractConfiguration.h"
#include <string>


namespace AuthServer {
namespace SecondFactor {


struct SecondFactorSettings
	/// encryptionKey: the 32-byte AES-256-GCM key of stored TOTP secrets,
	/// derived by SHA-256 from mfa.encryptionKey (or, under the embedded
	/// profile with the key empty, from a random secret kept in
	/// app.dataDirectory/mfa.key, mode 0600, as jwt.secret is); empty when
	/// the production profile has no key (authenticator apps are then off).
	/// issuer: mfa.totp.issuer, default app.name.
{
	std::string encryptionKey;
	std::string issuer = "AuthServer";

	static SecondFactorSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads the keys. Throws Core::ConfigurationException naming
		/// mfa.encryptionKey when it is shorter than 32 characters, or empty
		/// under the embedded profile and no file can be kept in
		/// app.dataDirectory.
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_SecondFactorSettings_INCLUDED
