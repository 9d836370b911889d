//
// PasswordResetHandler.cpp
//


#include "PasswordResetHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PasswordResetHandler::PasswordResetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PasswordResetHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string token = body.string("token");
	std::string newPassword = body.string("new_password");
	std::string confirm = body.string("new_password_confirm");
	body.check();
	server().identity().passwordReset().reset(token, newPassword, confirm, exchange.context());
	exchange.sendDetail(200, "Password reset. Every session has been signed out; log in with the new password.");
}


} } // namespace AuthServer::Http
