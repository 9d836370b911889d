//
// WebAuthnCredentialDeleteHandler.cpp
//


#include "WebAuthnCredentialDeleteHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


WebAuthnCredentialDeleteHandler::WebAuthnCredentialDeleteHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void WebAuthnCredentialDeleteHandler::handle(Exchange& exchange)
{
	server().secondFactor().webAuthn().removeCredential(exchange.principal(), exchange.param("id"), exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
