//
// LoginMfaHandler.cpp
//


#include "LoginMfaHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


LoginMfaHandler::LoginMfaHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void LoginMfaHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string challenge = body.string("mfa_challenge");
	std::string method = body.string("method");
	std::string code = body.string("code");
	Poco::JSON::Object::Ptr credential = body.optionalObject("credential");
	body.check();
	Identity::TokenPair pair = server().secondFactor().completeLogin(challenge, method, code, exchange.context(), credential);
	exchange.sendJsonText(200, UserJson::tokensText(pair));
}


} } // namespace AuthServer::Http
