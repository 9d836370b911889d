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
	answer.set("keys", server().tokens().publicKeys());
	// Verifiers may cache the set for an hour; a rotation keeps the retired
	// key listed far longer (jwt.previousPublicKeyFiles), so a cached set
	// never lacks a key that signed a live token.
	exchange.response().set("Cache-Control", "public, max-age=3600");
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
