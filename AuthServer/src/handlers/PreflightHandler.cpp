//
// PreflightHandler.cpp
//


#include "PreflightHandler.h"
#include "AuthServer/Core/AuthException.h"


namespace AuthServer {
namespace Http {


PreflightHandler::PreflightHandler(const ServerContext& server, const RouteMatch& match, const std::string& allow):
	ApiHandler(server, match),
	_allow(allow)
{
}


void PreflightHandler::handle(Exchange& exchange)
{
	const CorsPolicy& cors = server().cors();
	if (!cors.allows(exchange.request().get("Origin", "")))
		throw Core::AuthException(Core::Problem::Forbidden, "This origin may not call the API.");
	cors.applyPreflight(_allow, exchange.response());
	exchange.sendNoContent();
}


} } // namespace AuthServer::Http
