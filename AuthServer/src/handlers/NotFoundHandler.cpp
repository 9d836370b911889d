//
// NotFoundHandler.cpp
//


#include "NotFoundHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


NotFoundHandler::NotFoundHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void NotFoundHandler::handle(Exchange& exchange)
{
	exchange.sendProblem(Core::Problem::NotFound, "No such endpoint.");
}


} } // namespace AuthServer::Http
