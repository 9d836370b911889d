//
// SessionRevokeHandler.cpp
//


#include "SessionRevokeHandler.h"


namespace AuthServer {
namespace Http {


SessionRevokeHandler::SessionRevokeHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void SessionRevokeHandler::handle(Exchange& exchange)
{
	server().identity().sessions().revoke(exchange.principal(), exchange.param("id"), exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
