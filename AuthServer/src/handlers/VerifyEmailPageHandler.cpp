//
// VerifyEmailPageHandler.cpp
//


#include "VerifyEmailPageHandler.h"
#include "AuthServer/Http/AccountPages.h"
#include "AuthServer/Http/QueryParams.h"
#include "AuthServer/Identity/IdentityModule.h"


namespace AuthServer {
namespace Http {


VerifyEmailPageHandler::VerifyEmailPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot):
	ApiHandler(server, match),
	_atRoot(atRoot)
{
}


void VerifyEmailPageHandler::handle(Exchange& exchange)
{
	const AccountPages& pages = server().accountPages();
	if (!pages.loaded()) throw Core::AuthException(Core::Problem::NotFound, "No such resource.");
	if (_atRoot && !pages.servedAtRoot())
	{
		// A link mailed before a front end was configured: send it there.
		std::string uri = exchange.request().getURI();
		std::string::size_type query = uri.find('?');
		exchange.response().set("Location", pages.frontendLocation("/verify-email" + (query == std::string::npos ? std::string() : uri.substr(query))));
		exchange.sendBody(302, "text/plain; charset=utf-8", std::string());
		return;
	}
	exchange.response().set("Content-Security-Policy", AccountPages::PAGE_CSP);
	const std::string html = "text/html; charset=utf-8";
	if (exchange.request().getMethod() == Poco::Net::HTTPRequest::HTTP_GET)
	{
		QueryParams query(exchange.request().getURI());
		std::string token = query.string("token");
		query.check();
		if (token.empty()) exchange.sendBody(400, html, pages.result("link_incomplete", false));
		else exchange.sendBody(200, html, pages.verifyForm(token));
		return;
	}
	Poco::Net::NameValueCollection form = exchange.form();
	std::string token = form.get("token", "");
	if (token.empty())
	{
		exchange.sendBody(400, html, pages.result("link_incomplete", false));
		return;
	}
	try
	{
		server().identity().registration().verifyByToken(token, exchange.context());
	}
	catch (Core::AuthException& exc)
	{
		bool badLink = exc.problem() == Core::Problem::InvalidToken || exc.problem() == Core::Problem::TokenExpired;
		exchange.sendBody(exc.status(), html, pages.result(badLink ? "verify_failed" : "failed", false, badLink ? std::string() : exc.message()));
		return;
	}
	exchange.sendBody(200, html, pages.result("verify_done", true));
}


} } // namespace AuthServer::Http
