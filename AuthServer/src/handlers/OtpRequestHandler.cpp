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
	exchange.sendDetail(202, "If the destination belongs to an account, a code is on its way.");
}


} } // namespace AuthServer::Http
