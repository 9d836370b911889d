//
// LoginHandler.cpp
//


#include "LoginHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


LoginHandler::LoginHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void LoginHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string email = body.string("email");
	std::string password = body.string("password");
	body.check();
	Identity::LoginOutcome outcome = server().identity().authentication().beginLogin(email, password, exchange.context());
	exchange.sendJson(200, UserJson::loginOutcome(outcome));
}


} } // namespace AuthServer::Http
