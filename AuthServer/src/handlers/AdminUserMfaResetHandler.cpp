//
// AdminUserMfaResetHandler.cpp
//


#include "AdminUserMfaResetHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/NumberParser.h"


namespace AuthServer {
namespace Http {


AdminUserMfaResetHandler::AdminUserMfaResetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUserMfaResetHandler::handle(Exchange& exchange)
{
	Poco::Int64 id = 0;
	if (!Poco::NumberParser::tryParse64(exchange.param("id"), id)) throw Core::AuthException(Core::Problem::NotFound, "No such user.");
	server().secondFactor().resetByAdmin(id, exchange.principal(), exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
