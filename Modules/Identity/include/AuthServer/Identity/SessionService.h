//
// SessionService.h
//
// The caller's own sessions: list and revoke one.
//


#ifndef AuthServer_Identity_SessionService_INCLUDED
#define AuthServer_Identity_SessionService_INCLUDED


#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include "AuthServer/Persistence/SessionStore.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class SessionService
	/// A session is one refresh-token family, from a login to its logout
	/// (API.md "JWT claims"). Lets a user see and end their own sessions
	/// (OWASP ASVS 3.3.4: view and log out of active sessions).
{
public:
	SessionService(Persistence::SessionStore& sessions, RevocationList& revocations, AuditLog& audit);

	std::vector<Persistence::SessionRecord> list(const Principal& principal);
		/// Returns the caller's live sessions (not revoked, not expired),
		/// newest first. Throws Poco::Data::DataException.

	void revoke(const Principal& principal, const std::string& sessionId, const RequestContext& context);
		/// Revokes one of the caller's live sessions at once (its refresh
		/// tokens and access tokens) and records session_revoked. Throws
		/// Core::AuthException not_found for an unknown id, another user's
		/// session or one already revoked (never revealing which).

private:
	Persistence::SessionStore& _sessions;
	RevocationList& _revocations;
	AuditLog& _audit;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_SessionService_INCLUDED
