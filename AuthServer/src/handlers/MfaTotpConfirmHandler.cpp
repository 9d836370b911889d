//
// MfaTotpConfirmHandler.cpp
//


#include "MfaTotpConfirmHandler.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


namespace
{
	Poco::JSON::Object recoveryCodes(const std::vector<std::string>& codes)
	{
		Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
		for (const std::string& code: codes) list->add(code);
		Poco::JSON::Object answer;
		answer.set("recovery_codes", list);
		return answer;
	}
}


MfaTotpConfirmHandler::MfaTotpConfirmHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaTotpConfirmHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string code = body.string("code");
	body.check();
	exchange.sendJson(200, recoveryCodes(server().secondFactor().confirmTotp(exchange.principal(), code, exchange.context())));
}


} } // namespace AuthServer::Http
