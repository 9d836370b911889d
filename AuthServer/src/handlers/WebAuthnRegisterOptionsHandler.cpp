//
// WebAuthnRegisterOptionsHandler.cpp
//


#include "WebAuthnRegisterOptionsHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnRegisterOptionsHandler::WebAuthnRegisterOptionsHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnRegisterOptionsHandler::handle(Exchange& exchange)
{
	Poco::JSON::Object answer;
	answer.set("publicKey", server().secondFactor().webAuthn().registrationOptions(exchange.principal()));
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
