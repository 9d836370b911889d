//
// MethodNotAllowedHandler.cpp
//


#include "MethodNotAllowedHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


MethodNotAllowedHandler::MethodNotAllowedHandler(const ServerContext& server, const RouteMatch& match, const std::string& allow):
	ApiHandler(server, match),
	_allow(allow)
{
}


void MethodNotAllowedHandler::handle(Exchange& exchange)
{
	exchange.response().set("Allow", _allow);
	exchange.sendProblem(Core::Problem::MethodNotAllowed, "Use one of: " + _allow + ".");
}


} } // namespace AuthServer::Http
