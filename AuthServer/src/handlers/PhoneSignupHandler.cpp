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
	auto [phone] = exchange.body().required("phone_number");
	server().identity().phone().requestSignup(phone, exchange.context());
	exchange.sendDetail(202, "A code is on its way to this number.");
}


} } // namespace AuthServer::Http
