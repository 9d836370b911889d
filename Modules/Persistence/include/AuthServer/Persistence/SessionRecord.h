//
// SessionRecord.h
//
// One row of the sessions table: a refresh-token family.
//


#ifndef AuthServer_Persistence_SessionRecord_INCLUDED
#define AuthServer_Persistence_SessionRecord_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct SessionRecord
	/// A session: one refresh-token family from a login to its logout
	/// (API.md "sid"). id is the random `sid` claim; expiresAt is the
	/// absolute end (session.absoluteLifetime, OWASP ASVS 3.3.1), which
	/// rotation never extends. Times are epoch seconds.
{
	std::string id;
	Poco::Int64 userId = 0;
	Poco::Int64 createdAt = 0;
	Poco::Int64 lastUsedAt = 0;
	Poco::Int64 expiresAt = 0;
	std::string ip;
	std::string userAgent;
	std::optional<Poco::Int64> revokedAt;
	std::string revokedReason;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_SessionRecord_INCLUDED
