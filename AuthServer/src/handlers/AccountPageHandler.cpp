//
// AccountPageHandler.cpp
//


#include "AccountPageHandler.h"
#include "AuthServer/Http/QueryParams.h"
#include "Poco/Net/HTTPRequest.h"


namespace AuthServer {
namespace Http {


const std::string AccountPageHandler::HTML = "text/html; charset=utf-8";


AccountPageHandler::AccountPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot, const std::string& path):
	ApiHandler(server, match),
	_atRoot(atRoot),
	_path(path)
{
}


void AccountPageHandler::handle(Exchange& exchange)
{
	const AccountPages& pages = server().accountPages();
	if (!pages.loaded()) throw Core::AuthException(Core::Problem::NotFound, "No such resource.");
	if (_atRoot && !pages.servedAtRoot())
	{
		// A link mailed before a front end was configured: send it there.
		std::string uri = exchange.request().getURI();
		std::string::size_type query = uri.find('?');
		exchange.response().set("Location", pages.frontendLocation(_path + (query == std::string::npos ? std::string() : uri.substr(query))));
		exchange.sendBody(302, "text/plain; charset=utf-8", std::string());
		return;
	}
	exchange.response().set("Content-Security-Policy", AccountPages::PAGE_CSP);
	if (exchange.request().getMethod() == Poco::Net::HTTPRequest::HTTP_GET)
	{
		QueryParams query(exchange.request().getURI());
		std::string token = query.string("token");
		query.check();
		if (token.empty()) exchange.sendBody(400, HTML, pages.result("link_incomplete", false));
		else exchange.sendBody(200, HTML, form(pages, token));
		return;
	}
	Poco::Net::NameValueCollection fields = exchange.form();
	std::string token = fields.get("token", "");
	if (token.empty()) exchange.sendBody(400, HTML, pages.result("link_incomplete", false));
	else submit(exchange, pages, token, fields);
}


} } // namespace AuthServer::Http
