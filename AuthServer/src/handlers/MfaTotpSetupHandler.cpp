//
// MfaTotpSetupHandler.cpp
//


#include "MfaTotpSetupHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"


namespace AuthServer {
namespace Http {


MfaTotpSetupHandler::MfaTotpSetupHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaTotpSetupHandler::handle(Exchange& exchange)
{
	SecondFactor::SecondFactorService::Setup setup = server().secondFactor().setupTotp(exchange.principal(), exchange.context());
	Poco::JSON::Object answer;
	answer.set("secret", setup.secret);
	answer.set("otpauth_url", setup.otpauthUrl);
	answer.set("qr_svg", setup.qrSvg);
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
