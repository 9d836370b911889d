//
// JwksHandler.cpp
//


#include "JwksHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


JwksHandler::JwksHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void JwksHandler::handle(Exchange& exchange)
{
	Poco::JSON::Object answer;
	answer.set("keys", Poco::JSON::Array());
	exchange.response().set("Cache-Control", "public, max-age=3600");
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
