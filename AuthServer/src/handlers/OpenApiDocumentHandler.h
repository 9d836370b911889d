//
// OpenApiDocumentHandler.h
//


#ifndef AuthServer_Http_OpenApiDocumentHandler_INCLUDED
#define AuthServer_Http_OpenApiDocumentHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class OpenApiDocumentHandler: public ApiHandler
	/// GET /api/openapi.json: 200 application/json, the OpenAPI 3 document
	/// of API.md (Api/openapi.json, loaded once at start-up from
	/// paths.docs: DocsAssets), with Cache-Control: no-cache (clients
	/// revalidate, so a deployment shows its own document at once). Its
	/// `servers` is relative ("/"), so Swagger UI's calls go to the origin
	/// that served the page. 404 not_found when the server was started
	/// without documentation (in-process tests).
{
public:
	OpenApiDocumentHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_OpenApiDocumentHandler_INCLUDED
