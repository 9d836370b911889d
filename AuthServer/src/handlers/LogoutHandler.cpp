//
// LogoutHandler.cpp
//


#include "LogoutHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


LogoutHandler::LogoutHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void LogoutHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::optional<std::string> refreshToken = body.optionalString("refresh_token");
	std::optional<bool> allSessions = body.optionalBool("all_sessions");
	body.check();
	server().identity().authentication().logout(exchange.principal(), refreshToken, allSessions.value_or(false), exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
