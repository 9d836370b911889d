//
// PhoneLoginHandler.cpp
//


#include "PhoneLoginHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PhoneLoginHandler::PhoneLoginHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PhoneLoginHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string phone = body.string("phone_number");
	body.check();
	Core::ValidationException::FieldErrors missing;
	if (phone.empty()) missing["phone_number"].push_back("This field is required.");
	if (!missing.empty()) throw Core::ValidationException(missing);
	server().identity().phone().requestLogin(phone, exchange.context());
	Poco::JSON::Object answer;
	answer.set("detail", "If the number belongs to an account, a code is on its way.");
	exchange.sendJson(202, answer);
}


} } // namespace AuthServer::Http
