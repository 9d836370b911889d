//
// WebAuthnLoginVerifyHandler.cpp
//


#include "WebAuthnLoginVerifyHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnLoginVerifyHandler::WebAuthnLoginVerifyHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnLoginVerifyHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	Poco::JSON::Object::Ptr credential = body.optionalObject("credential");
	body.check();
	Identity::TokenPair pair = server().secondFactor().webAuthn().completeLogin(credential, exchange.context());
	exchange.sendJsonText(200, UserJson::tokensText(pair));
}


} } // namespace AuthServer::Http
