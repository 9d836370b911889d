//
// ResetPasswordPageHandler.cpp
//


#include "ResetPasswordPageHandler.h"
#include "AuthServer/Http/AccountPages.h"
#include "AuthServer/Http/QueryParams.h"
#include "AuthServer/Identity/IdentityModule.h"


namespace AuthServer {
namespace Http {


ResetPasswordPageHandler::ResetPasswordPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot):
	ApiHandler(server, match),
	_atRoot(atRoot)
{
}


void ResetPasswordPageHandler::handle(Exchange& exchange)
{
	const AccountPages& pages = server().accountPages();
	if (!pages.loaded()) throw Core::AuthException(Core::Problem::NotFound, "No such resource.");
	if (_atRoot && !pages.servedAtRoot())
	{
		// A link mailed before a front end was configured: send it there.
		std::string uri = exchange.request().getURI();
		std::string::size_type query = uri.find('?');
		exchange.response().set("Location", pages.frontendLocation("/reset-password" + (query == std::string::npos ? std::string() : uri.substr(query))));
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
		else exchange.sendBody(200, html, pages.resetForm(token, {}));
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
		server().identity().passwordReset().reset(token, form.get("new_password", ""), form.get("new_password_confirm", ""), exchange.context());
	}
	catch (Core::ValidationException& exc)
	{
		// The password rules' messages (mismatch, weak_password, missing
		// field), shown above the form; the token stays usable.
		std::vector<std::string> messages;
		for (const auto& field: exc.errors())
			for (const std::string& message: field.second) messages.push_back(message);
		if (messages.empty()) messages.push_back(exc.message());
		exchange.sendBody(exc.status(), html, pages.resetForm(token, messages));
		return;
	}
	catch (Core::AuthException& exc)
	{
		bool badLink = exc.problem() == Core::Problem::InvalidToken || exc.problem() == Core::Problem::TokenExpired;
		exchange.sendBody(exc.status(), html, pages.result(badLink ? "reset_failed" : "failed", false, badLink ? std::string() : exc.message()));
		return;
	}
	exchange.sendBody(200, html, pages.result("reset_done", true));
}


} } // namespace AuthServer::Http
