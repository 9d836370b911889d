//
// WebAuthnRegisterVerifyHandler.cpp
//


#include "WebAuthnRegisterVerifyHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnRegisterVerifyHandler::WebAuthnRegisterVerifyHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnRegisterVerifyHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	Poco::JSON::Object::Ptr credential = body.optionalObject("credential");
	std::string name = body.string("name");
	body.check();
	SecondFactor::SecondFactorService& service = server().secondFactor();
	SecondFactor::WebAuthnCredential stored = service.webAuthn().completeRegistration(exchange.principal(), credential, name, exchange.context());
	exchange.sendJson(201, *UserJson::passkey(stored));
}


} } // namespace AuthServer::Http
