//
// HealthHandler.cpp
//


#include "HealthHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


HealthHandler::HealthHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void HealthHandler::handle(Exchange& exchange)
{
	static const std::string BODY = "{\"status\":\"ok\"}";
	Poco::Net::HTTPServerResponse& response = exchange.response();
	response.setStatus(Poco::Net::HTTPResponse::HTTP_OK);
	response.setContentType("application/json; charset=utf-8");
	response.setContentLength(static_cast<std::streamsize>(BODY.size()));
	response.sendBuffer(BODY.data(), BODY.size());
}


} } // namespace AuthServer::Http
