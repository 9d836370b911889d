//
// ProfileGetHandler.cpp
//


#include "ProfileGetHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


ProfileGetHandler::ProfileGetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void ProfileGetHandler::handle(Exchange& exchange)
{
	exchange.sendJson(200, UserJson::user(exchange.principal().user));
}


} } // namespace AuthServer::Http
