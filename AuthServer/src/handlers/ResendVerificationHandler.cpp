//
// ResendVerificationHandler.cpp
//


#include "ResendVerificationHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


ResendVerificationHandler::ResendVerificationHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void ResendVerificationHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string email = body.string("email");
	body.check();
	server().identity().registration().resendVerification(email, exchange.context());
	exchange.sendDetail(202, "If the address belongs to an unverified account, a new verification mail is on its way.");
}


} } // namespace AuthServer::Http
