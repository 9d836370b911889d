//
// SwaggerUiHandler.cpp
//


#include "SwaggerUiHandler.h"
#include "AuthServer/Http/DocsAssets.h"


namespace AuthServer {
namespace Http {


const std::string SwaggerUiHandler::PAGE_CSP =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'";


SwaggerUiHandler::SwaggerUiHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match),
	_name(match.params.count("file") ? match.params.at("file") : DocsAssets::PAGE)
{
}


void SwaggerUiHandler::handle(Exchange& exchange)
{
	const std::string& name = _name;
	const DocsAssets::Asset* pAsset = name == DocsAssets::DOCUMENT ? nullptr : server().docs().find(name);
	if (!pAsset) throw Core::AuthException(Core::Problem::NotFound, "No such documentation file.");
	Poco::Net::HTTPServerResponse& response = exchange.response();
	if (name == DocsAssets::PAGE)
	{
		response.set("Content-Security-Policy", PAGE_CSP);
		response.set("Cache-Control", "no-cache");
	}
	else if (name == "swagger-initializer.js")
	{
		response.set("Cache-Control", "no-cache");
	}
	else
	{
		response.set("Cache-Control", "public, max-age=3600");
	}
	exchange.sendBody(200, pAsset->contentType, pAsset->body);
}


} } // namespace AuthServer::Http
