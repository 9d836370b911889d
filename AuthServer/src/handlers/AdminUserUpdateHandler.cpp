//
// AdminUserUpdateHandler.cpp
//


#include "AdminUserUpdateHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


AdminUserUpdateHandler::AdminUserUpdateHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUserUpdateHandler::handle(Exchange& exchange)
{
	Poco::Int64 id = exchange.id("id", "No such user.");
	JsonBody body = exchange.body();
	body.refuseExcept({"is_active", "role"});
	std::optional<bool> isActive = body.optionalBool("is_active");
	std::optional<std::string> role = body.optionalString("role");
	body.check();
	exchange.sendJson(200, UserJson::user(server().identity().admin().updateUser(exchange.principal(), id, isActive, role, exchange.context())));
}


} } // namespace AuthServer::Http
