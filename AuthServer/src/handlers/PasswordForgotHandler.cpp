//
// PasswordForgotHandler.cpp
//


#include "PasswordForgotHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PasswordForgotHandler::PasswordForgotHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PasswordForgotHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string email = body.string("email");
	body.check();
	server().identity().passwordReset().forgot(email, exchange.context());
	exchange.sendDetail(202, "If the address belongs to an account, a password reset link is on its way.");
}


} } // namespace AuthServer::Http
