//
// SwaggerUiHandler.h
//


#ifndef AuthServer_Http_SwaggerUiHandler_INCLUDED
#define AuthServer_Http_SwaggerUiHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class SwaggerUiHandler: public ApiHandler
	/// GET /api/docs: the Swagger UI page (text/html) for GET
	/// /api/openapi.json; GET /api/docs/{file}: one file it loads
	/// (swagger-ui-bundle.js, swagger-ui.css, ...), by a name of
	/// DocsAssets::NAMES only (any other name, and openapi.json, which has
	/// its own URL: 404 not_found). Everything is served from memory.
	///
	/// The page relaxes the API's CSP just enough for Swagger UI (API.md,
	/// Conventions: "the Swagger UI page relaxes it except frame-ancestors"):
	/// PAGE_CSP below. Scripts and styles come only from this origin (the
	/// initializer is a served file, not an inline script); img-src allows
	/// data: for the icons swagger-ui.css embeds; connect-src 'self' lets
	/// "Try it out" call this API. frame-ancestors 'none' and
	/// X-Frame-Options DENY stay (clickjacking, OWASP ASVS 14.4.7); the
	/// files other than the page keep the API's policy. The page and the
	/// initializer are no-cache, the swagger-ui-dist files cacheable for an
	/// hour.
{
public:
	static const std::string PAGE_CSP;
		/// The Content-Security-Policy of the page.

	SwaggerUiHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;

private:
	std::string _name;   /// the {file} of the path, or DocsAssets::PAGE
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_SwaggerUiHandler_INCLUDED
