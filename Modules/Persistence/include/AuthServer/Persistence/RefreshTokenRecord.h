//
// RefreshTokenRecord.h
//
// One row of the refresh_tokens table.
//


#ifndef AuthServer_Persistence_RefreshTokenRecord_INCLUDED
#define AuthServer_Persistence_RefreshTokenRecord_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct RefreshTokenRecord
	/// A refresh token, known only by the SHA-256 hex of its compact JWS
	/// (never stored in clear). rotatedAt is set once, when it is exchanged
	/// for its successor (RFC 9700 §4.14.2 refresh token rotation).
{
	std::string tokenHash;
	std::string sessionId;
	Poco::Int64 userId = 0;
	Poco::Int64 issuedAt = 0;
	Poco::Int64 expiresAt = 0;
	std::optional<Poco::Int64> rotatedAt;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RefreshTokenRecord_INCLUDED
