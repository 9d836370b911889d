//
// OtpRequestHandler.cpp
//


#include "OtpRequestHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


OtpRequestHandler::OtpRequestHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void OtpRequestHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string channel = body.string("channel");
	std::string destination = body.string("destination");
	std::string purpose = body.string("purpose");
	body.check();
	server().identity().otp().request(channel, destination, purpose, exchange.context());
	Poco::JSON::Object answer;
	answer.set("detail", "If the destination belongs to an account, a code is on its way.");
	exchange.sendJson(202, answer);
}


} } // namespace AuthServer::Http
