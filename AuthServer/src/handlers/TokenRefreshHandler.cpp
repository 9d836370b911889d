//
// TokenRefreshHandler.cpp
//


#include "TokenRefreshHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


TokenRefreshHandler::TokenRefreshHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void TokenRefreshHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	std::string refreshToken = body.string("refresh_token");
	body.check();
	Identity::TokenPair pair = server().identity().authentication().refresh(refreshToken, exchange.context());
	Poco::JSON::Object answer = UserJson::tokens(pair);
	// Two tokens make most of the body: with every non-ASCII character
	// escaped (the same JSON value, RFC 8259 §7) POCO 1.11 escapes each
	// string in one piece instead of one stream write per character.
	answer.setEscapeUnicode(true);
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
