//
// PasswordChangeHandler.cpp
//


#include "PasswordChangeHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PasswordChangeHandler::PasswordChangeHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PasswordChangeHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string oldPassword = body.string("old_password");
	std::string newPassword = body.string("new_password");
	std::string confirm = body.string("new_password_confirm");
	body.check();
	server().identity().accounts().changePassword(exchange.principal(), oldPassword, newPassword, confirm, exchange.context());
	exchange.sendDetail(200, "Password changed. Other sessions have been signed out.");
}


} } // namespace AuthServer::Http
