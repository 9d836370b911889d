//
// LoginStart.h
//
// One login's writes: what SessionStore::startLogin() writes in one statement.
//


#ifndef AuthServer_Persistence_LoginStart_INCLUDED
#define AuthServer_Persistence_LoginStart_INCLUDED


#include "AuthServer/Persistence/RefreshTokenRecord.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include <string>


namespace AuthServer {
namespace Persistence {


struct LoginStart
	/// A login of session.userId at session.createdAt (epoch seconds) from
	/// session.ip / session.userAgent: the new session, its first refresh
	/// token (token.sessionId and token.userId those of session), the user's
	/// last_login_at / last_login_ip (session.createdAt, session.ip) and the
	/// audit row auditEvent with auditDetail (no secret), all committed
	/// together or not at all (OWASP ASVS 7.1.3: no login without its
	/// record).
{
	SessionRecord session;
	RefreshTokenRecord token;
	std::string auditEvent = "login_succeeded";
	std::string auditDetail;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_LoginStart_INCLUDED
