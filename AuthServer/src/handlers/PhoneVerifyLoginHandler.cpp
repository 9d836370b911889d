//
// PhoneVerifyLoginHandler.cpp
//


#include "PhoneVerifyLoginHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PhoneVerifyLoginHandler::PhoneVerifyLoginHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PhoneVerifyLoginHandler::handle(Exchange& exchange)
{
	auto [phone, code] = exchange.body().required("phone_number", "otp_code");
	Identity::LoginOutcome outcome = server().identity().phone().verifyLogin(phone, code, exchange.context());
	exchange.sendJson(200, UserJson::loginOutcome(outcome));
}


} } // namespace AuthServer::Http
