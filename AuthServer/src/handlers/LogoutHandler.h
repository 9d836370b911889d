//
// LogoutHandler.h
//


#ifndef AuthServer_Http_LogoutHandler_INCLUDED
#define AuthServer_Http_LogoutHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class LogoutHandler: public ApiHandler
	/// POST /api/auth/logout (access): revokes the access token and its session
	/// (refresh_token?, all_sessions?) and answers 204.
{
public:
	LogoutHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_LogoutHandler_INCLUDED
