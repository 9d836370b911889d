//
// MetricsHandler.cpp
//


#include "MetricsHandler.h"
#include "AuthServer/Http/ServerContext.h"


namespace AuthServer {
namespace Http {


MetricsHandler::MetricsHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MetricsHandler::handle(Exchange& exchange)
{
	exchange.sendBody(200, "text/plain; version=0.0.4; charset=utf-8", server().metrics().render());
}


} } // namespace AuthServer::Http
