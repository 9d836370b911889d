//
// PhoneSignupHandler.cpp
//


#include "PhoneSignupHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


PhoneSignupHandler::PhoneSignupHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void PhoneSignupHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string phone = body.string("phone_number");
	body.check();
	Core::ValidationException::FieldErrors missing;
	if (phone.empty()) missing["phone_number"].push_back("This field is required.");
	if (!missing.empty()) throw Core::ValidationException(missing);
	server().identity().phone().requestSignup(phone, exchange.context());
	Poco::JSON::Object answer;
	answer.set("detail", "A code is on its way to this number.");
	exchange.sendJson(202, answer);
}


} } // namespace AuthServer::Http
