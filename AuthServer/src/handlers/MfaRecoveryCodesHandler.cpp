//
// MfaRecoveryCodesHandler.cpp
//


#include "MfaRecoveryCodesHandler.h"
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


MfaRecoveryCodesHandler::MfaRecoveryCodesHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void MfaRecoveryCodesHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string code = body.string("code");
	body.check();
	exchange.sendJson(200, recoveryCodes(server().secondFactor().regenerateRecoveryCodes(exchange.principal(), code, exchange.context())));
}


} } // namespace AuthServer::Http
