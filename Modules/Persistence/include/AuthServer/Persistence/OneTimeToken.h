//
// OneTimeToken.h
//
// One row of the one_time_tokens table.
//


#ifndef AuthServer_Persistence_OneTimeToken_INCLUDED
#define AuthServer_Persistence_OneTimeToken_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct OneTimeToken
	/// A single-use secret sent by mail: the link token (stored as its
	/// SHA-256 hex) and, for email verification, a short code (stored as
	/// SHA-256 hex of salt + code). purpose is "verify_email" or
	/// "password_reset". usedAt is set when consumed or superseded.
{
	Poco::Int64 id = 0;
	Poco::Int64 userId = 0;
	std::string purpose;
	std::string tokenHash;
	std::optional<std::string> codeHash;
	std::optional<std::string> codeSalt;
	int attempts = 0;
	Poco::Int64 createdAt = 0;
	Poco::Int64 expiresAt = 0;
	std::optional<Poco::Int64> usedAt;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_OneTimeToken_INCLUDED
