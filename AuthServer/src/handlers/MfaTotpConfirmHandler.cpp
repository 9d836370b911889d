//
// MfaTotpConfirmHandler.cpp
//


#include "MfaTotpConfirmHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


MfaTotpConfirmHandler::MfaTotpConfirmHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaTotpConfirmHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string code = body.string("code");
	body.check();
	exchange.sendJson(200, UserJson::recoveryCodes(server().secondFactor().confirmTotp(exchange.principal(), code, exchange.context())));
}


} } // namespace AuthServer::Http
