//
// WebAuthnLoginOptionsHandler.cpp
//


#include "WebAuthnLoginOptionsHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnLoginOptionsHandler::WebAuthnLoginOptionsHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnLoginOptionsHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string email = body.string("email");
	body.check();
	Poco::JSON::Object answer;
	answer.set("publicKey", server().secondFactor().webAuthn().loginOptions(email));
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
