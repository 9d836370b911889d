//
// SessionsListHandler.cpp
//


#include "SessionsListHandler.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


SessionsListHandler::SessionsListHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void SessionsListHandler::handle(Exchange& exchange)
{
	const Identity::Principal& principal = exchange.principal();
	Poco::JSON::Array sessions;
	for (const Persistence::SessionRecord& s: server().identity().sessions().list(principal))
	{
		Poco::JSON::Object item;
		item.set("id", s.id);
		item.set("created_at", Core::Clock::toRfc3339(s.createdAt));
		item.set("last_used_at", Core::Clock::toRfc3339(s.lastUsedAt));
		item.set("ip", s.ip);
		item.set("user_agent", s.userAgent);
		item.set("current", s.id == principal.sessionId);
		sessions.add(item);
	}
	Poco::JSON::Object result;
	result.set("sessions", sessions);
	exchange.sendJson(200, result);
}


} } // namespace AuthServer::Http
