//
// AccountStyleHandler.cpp
//


#include "AccountStyleHandler.h"
#include "AuthServer/Http/AccountPages.h"


namespace AuthServer {
namespace Http {


AccountStyleHandler::AccountStyleHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AccountStyleHandler::handle(Exchange& exchange)
{
	const AccountPages& pages = server().accountPages();
	if (!pages.loaded()) throw Core::AuthException(Core::Problem::NotFound, "No hosted pages.");
	exchange.response().set("Cache-Control", "public, max-age=3600");
	exchange.sendBody(200, "text/css; charset=utf-8", pages.stylesheet());
}


} } // namespace AuthServer::Http
