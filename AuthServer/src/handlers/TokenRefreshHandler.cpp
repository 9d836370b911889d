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
	exchange.sendJsonText(200, UserJson::tokensText(pair));
}


} } // namespace AuthServer::Http
