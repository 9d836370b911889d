//
// LoginHandler.cpp
//


#include "LoginHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


LoginHandler::LoginHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void LoginHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string email = body.string("email");
	std::string password = body.string("password");
	body.check();
	Identity::LoginOutcome outcome = server().identity().authentication().beginLogin(email, password, exchange.context());
	if (outcome.tokens)
	{
		exchange.sendJson(200, UserJson::tokens(*outcome.tokens));
		return;
	}
	Poco::JSON::Object answer;
	answer.set("otp_required", true);
	answer.set("otp_challenge", outcome.otpChallenge);
	answer.set("channel", outcome.otpChannel);
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
