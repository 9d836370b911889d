//
// VerifyEmailHandler.cpp
//


#include "VerifyEmailHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


VerifyEmailHandler::VerifyEmailHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void VerifyEmailHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string token = body.string("token");
	std::string email = body.string("email");
	std::string code = body.string("code");
	body.check();
	Identity::Account user = server().identity().registration().verify(token, email, code, exchange.context(), callerAccount(exchange));
	Poco::JSON::Object answer;
	answer.set("user", UserJson::user(user));
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
