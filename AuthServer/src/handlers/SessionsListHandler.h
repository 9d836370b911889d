//
// SessionsListHandler.h
//


#ifndef AuthServer_Http_SessionsListHandler_INCLUDED
#define AuthServer_Http_SessionsListHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class SessionsListHandler: public ApiHandler
	/// GET /api/auth/sessions (access): 200 {"sessions": [{"id",
	/// "created_at", "last_used_at", "ip", "user_agent", "current"}]}, the
	/// caller's live sessions newest first; current marks the one of the
	/// access token (its sid).
{
public:
	SessionsListHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_SessionsListHandler_INCLUDED
