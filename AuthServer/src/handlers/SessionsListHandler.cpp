//
// SessionsListHandler.cpp
//


#include "SessionsListHandler.h"
#include "AuthServer/Http/UserJson.h"
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
	for (const Persistence::SessionRecord& session: server().identity().sessions().list(principal))
		sessions.add(UserJson::session(session, principal.sessionId));
	Poco::JSON::Object result;
	result.set("sessions", sessions);
	exchange.sendJson(200, result);
}


} } // namespace AuthServer::Http
