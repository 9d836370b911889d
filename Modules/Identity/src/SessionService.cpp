//
// SessionService.cpp
//


#include "AuthServer/Identity/SessionService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Identity {


SessionService::SessionService(Persistence::SessionStore& sessions, RevocationList& revocations, AuditLog& audit):
	_sessions(sessions),
	_revocations(revocations),
	_audit(audit)
{
}


std::vector<Persistence::SessionRecord> SessionService::list(const Principal& principal)
{
	return _sessions.listActive(principal.userId, Core::Clock::now());
}


void SessionService::revoke(const Principal& principal, const std::string& sessionId, const RequestContext& context)
{
	std::optional<Persistence::SessionRecord> session = _sessions.find(sessionId);
	if (!session || session->userId != principal.userId || session->revokedAt)
		throw AuthException(Problem::NotFound, "No such session.");
	if (!_revocations.revokeSession(sessionId, "session_revoked"))
		throw AuthException(Problem::NotFound, "No such session.");
	_audit.record("session_revoked", principal.userId, context, "session " + sessionId);
}


} } // namespace AuthServer::Identity
