//
// AdminUserMfaResetHandler.cpp
//


#include "AdminUserMfaResetHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Core/AuthException.h"


namespace AuthServer {
namespace Http {


AdminUserMfaResetHandler::AdminUserMfaResetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUserMfaResetHandler::handle(Exchange& exchange)
{
	server().secondFactor().resetByAdmin(exchange.id("id", "No such user."), exchange.principal(), exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
