//
// ReadyHandler.cpp
//


#include "ReadyHandler.h"
#include "AuthServer/Http/UserJson.h"
#include <sstream>


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
	if (database && cache)
	{
		Poco::JSON::Object answer;
		answer.set("status", "ok");
		answer.set("checks", checks);
		exchange.sendJson(200, answer);
		return;
	}
	Poco::JSON::Object problem;
	problem.set("type", Core::ProblemCatalog::type(Core::Problem::ServiceUnavailable));
	problem.set("title", Core::ProblemCatalog::title(Core::Problem::ServiceUnavailable));
	problem.set("status", 503);
	problem.set("detail", "A backing service is down.");
	problem.set("code", Core::ProblemCatalog::code(Core::Problem::ServiceUnavailable));
	problem.set("checks", checks);
	std::ostringstream out;
	problem.stringify(out);
	exchange.sendBody(503, "application/problem+json; charset=utf-8", out.str());
}


} } // namespace AuthServer::Http
