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
	JsonBody body = exchange.body();
	std::string phone = body.string("phone_number");
	std::string code = body.string("otp_code");
	body.check();
	Core::ValidationException::FieldErrors missing;
	if (phone.empty()) missing["phone_number"].push_back("This field is required.");
	if (code.empty()) missing["otp_code"].push_back("This field is required.");
	if (!missing.empty()) throw Core::ValidationException(missing);
	Identity::LoginOutcome outcome = server().identity().phone().verifyLogin(phone, code, exchange.context());
	exchange.sendJson(200, UserJson::loginOutcome(outcome));
}


} } // namespace AuthServer::Http
