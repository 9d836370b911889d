//
// MfaRecoveryCodesHandler.cpp
//


#include "MfaRecoveryCodesHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


MfaRecoveryCodesHandler::MfaRecoveryCodesHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaRecoveryCodesHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string code = body.string("code");
	body.check();
	exchange.sendJson(200, UserJson::recoveryCodes(server().secondFactor().regenerateRecoveryCodes(exchange.principal(), code, exchange.context())));
}


} } // namespace AuthServer::Http
