//
// ReadyHandler.cpp
//


#include "ReadyHandler.h"
#include "AuthServer/Http/UserJson.h"


namespace AuthServer {
namespace Http {


ReadyHandler::ReadyHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void ReadyHandler::handle(Exchange& exchange)
{
	bool database = server().database().ping();
	bool cache = false;
	try
	{
		cache = server().cache().ping();
	}
	catch (Poco::Exception&)
	{
	}
	Poco::JSON::Object checks;
	checks.set("database", database ? "ok" : "down");
	checks.set("cache", cache ? "ok" : "down");
	Poco::JSON::Object answer;
	answer.set("checks", checks);
	if (!database || !cache)
	{
		exchange.sendProblem(Core::AuthException(Core::Problem::ServiceUnavailable, "A backing service is down."), answer);
		return;
	}
	answer.set("status", "ok");
	exchange.sendJson(200, answer);
}


} } // namespace AuthServer::Http
