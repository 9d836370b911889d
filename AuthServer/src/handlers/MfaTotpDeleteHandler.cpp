//
// MfaTotpDeleteHandler.cpp
//


#include "MfaTotpDeleteHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"


namespace AuthServer {
namespace Http {


MfaTotpDeleteHandler::MfaTotpDeleteHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaTotpDeleteHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string password = body.string("password");
	std::string code = body.string("code");
	body.check();
	server().secondFactor().disableTotp(exchange.principal(), password, code, exchange.context());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
