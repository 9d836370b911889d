//
// AdminUserGetHandler.cpp
//


#include "AdminUserGetHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


AdminUserGetHandler::AdminUserGetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUserGetHandler::handle(Exchange& exchange)
{
	exchange.sendJson(200, UserJson::user(server().identity().admin().getUser(exchange.id("id", "No such user."))));
}


} } // namespace AuthServer::Http
