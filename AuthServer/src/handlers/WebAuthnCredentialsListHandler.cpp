//
// WebAuthnCredentialsListHandler.cpp
//


#include "WebAuthnCredentialsListHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnCredentialsListHandler::WebAuthnCredentialsListHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnCredentialsListHandler::handle(Exchange& exchange)
{
	Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
	for (const SecondFactor::WebAuthnCredential& c: server().secondFactor().webAuthn().credentials(exchange.principal().userId))
		list->add(UserJson::passkey(c));
	Poco::JSON::Object answer;
	answer.set("credentials", list);
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
