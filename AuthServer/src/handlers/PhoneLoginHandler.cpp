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
	auto [phone] = exchange.body().required("phone_number");
	server().identity().phone().requestLogin(phone, exchange.context());
	exchange.sendDetail(202, "If the number belongs to an account, a code is on its way.");
}


} } // namespace AuthServer::Http
