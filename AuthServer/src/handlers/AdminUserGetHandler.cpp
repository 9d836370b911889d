//
// AdminUserGetHandler.cpp
//


#include "AdminUserGetHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "Poco/NumberParser.h"


namespace AuthServer {
namespace Http {


namespace
{
	Poco::Int64 userId(const Exchange& exchange)
	{
		Poco::Int64 id = 0;
		if (!Poco::NumberParser::tryParse64(exchange.param("id"), id)) throw Core::AuthException(Core::Problem::NotFound, "No such user.");
		return id;
	}
}


AdminUserGetHandler::AdminUserGetHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUserGetHandler::handle(Exchange& exchange)
{
	exchange.sendJson(200, UserJson::user(server().identity().admin().getUser(userId(exchange))));
}


} } // namespace AuthServer::Http
