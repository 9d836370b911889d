//
// LoginOtpHandler.cpp
//


#include "LoginOtpHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


LoginOtpHandler::LoginOtpHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void LoginOtpHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string challenge = body.string("otp_challenge");
	std::string code = body.string("code");
	body.check();
	Identity::TokenPair pair = server().identity().authentication().completeOtpLogin(challenge, code, exchange.context());
	exchange.sendJsonText(200, UserJson::tokensText(pair));
}


} } // namespace AuthServer::Http
