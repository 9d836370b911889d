//
// OpenApiDocumentHandler.cpp
//


#include "OpenApiDocumentHandler.h"
#include "AuthServer/Http/DocsAssets.h"


namespace AuthServer {
namespace Http {


OpenApiDocumentHandler::OpenApiDocumentHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void OpenApiDocumentHandler::handle(Exchange& exchange)
{
	const DocsAssets::Asset* pDocument = server().docs().find(DocsAssets::DOCUMENT);
	if (!pDocument) throw Core::AuthException(Core::Problem::NotFound, "This server was started without its API document (paths.docs).");
	exchange.response().set("Cache-Control", "no-cache");
	exchange.sendBody(200, pDocument->contentType, pDocument->body);
}


} } // namespace AuthServer::Http
