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
	Poco::JSON::Object answer;
	answer.set("detail", "If the address belongs to an unverified account, a new verification mail is on its way.");
	exchange.sendJson(202, answer);
}


} } // namespace AuthServer::Http
