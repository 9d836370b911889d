//
// RefreshRotation.h
//
// One refresh token rotation: what RefreshTokenStore::rotate() writes.
//


#ifndef AuthServer_Persistence_RefreshRotation_INCLUDED
#define AuthServer_Persistence_RefreshRotation_INCLUDED


#include "AuthServer/Persistence/RefreshTokenRecord.h"
#include "Poco/Types.h"
#include <string>


namespace AuthServer {
namespace Persistence {


struct RefreshRotation
	/// Rotating tokenHash at `at` (epoch seconds) to successor (same session
	/// and user) touches the session (last_used_at = at) and records the
	/// audit event auditEvent (ip, userAgent: the request's) in the same
	/// transaction (RFC 9700 §4.14.2; OWASP ASVS 7.2.2).
{
	std::string tokenHash;
	Poco::Int64 at = 0;
	RefreshTokenRecord successor;
	std::string auditEvent = "token_refreshed";
	std::string ip;
	std::string userAgent;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RefreshRotation_INCLUDED
