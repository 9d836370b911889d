//
// PhoneVerifySignupHandler.cpp
//


#include "PhoneVerifySignupHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PhoneVerifySignupHandler::PhoneVerifySignupHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PhoneVerifySignupHandler::handle(Exchange& exchange)
{
	auto [phone, code] = exchange.body().required("phone_number", "otp_code");
	bool created = false;
	Identity::LoginOutcome outcome = server().identity().phone().verifySignup(phone, code, created, exchange.context());
	exchange.sendJson(created ? 201 : 200, UserJson::loginOutcome(outcome));
}


} } // namespace AuthServer::Http
