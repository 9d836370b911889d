//
// HealthHandler.cpp
//


#include "HealthHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


HealthHandler::HealthHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void HealthHandler::handle(Exchange& exchange)
{
	static const std::string BODY = "{\"status\":\"ok\"}";
	exchange.sendBody(200, "application/json; charset=utf-8", BODY);
}


} } // namespace AuthServer::Http
