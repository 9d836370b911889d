//
// OtpVerifyHandler.cpp
//


#include "OtpVerifyHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


OtpVerifyHandler::OtpVerifyHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void OtpVerifyHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string channel = body.string("channel");
	std::string destination = body.string("destination");
	std::string code = body.string("code");
	std::string purpose = body.string("purpose");
	body.check();
	Identity::OtpService::checkPurpose(purpose);
	if (purpose == "login")
	{
		Identity::LoginOutcome outcome = server().identity().authentication().loginWithOtp(channel, destination, code, exchange.context());
		exchange.sendJson(200, UserJson::loginOutcome(outcome));
		return;
	}
	Identity::Account user = server().identity().otp().verifyDestination(channel, destination, code, exchange.context(), callerAccount(exchange));
	Poco::JSON::Object answer;
	answer.set("user", UserJson::user(user));
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
