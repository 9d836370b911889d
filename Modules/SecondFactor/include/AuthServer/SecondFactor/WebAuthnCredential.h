//
// WebAuthnCredential.h
//
// One row of webauthn_credentials.
//


#ifndef AuthServer_SecondFactor_WebAuthnCredential_INCLUDED
#define AuthServer_SecondFactor_WebAuthnCredential_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace SecondFactor {


struct WebAuthnCredential
	/// A passkey as stored (Migrations/*/0007_webauthn_credentials.sql):
	/// credentialId, userHandle and publicKey (COSE_Key) are base64url
	/// text; times are Unix seconds; lastUsedAt is empty until the first
	/// assertion; transports is comma-separated.
{
	Poco::Int64 id = 0;
	Poco::Int64 userId = 0;
	std::string credentialId;
	std::string userHandle;
	std::string publicKey;
	int algorithm = 0;
	Poco::Int64 signCount = 0;
	std::string name;
	std::string transports;
	Poco::Int64 createdAt = 0;
	std::optional<Poco::Int64> lastUsedAt;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_WebAuthnCredential_INCLUDED
