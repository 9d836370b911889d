//
// PreflightHandler.h
//


#ifndef AuthServer_Http_PreflightHandler_INCLUDED
#define AuthServer_Http_PreflightHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PreflightHandler: public ApiHandler
	/// A CORS preflight (OPTIONS with Origin and
	/// Access-Control-Request-Method) to a known path while
	/// http.cors.allowedOrigins is set (OWASP ASVS 14.5.3): 204 with
	/// Access-Control-Allow-Origin (echoed), -Allow-Methods (the path's
	/// methods), -Allow-Headers (Authorization, Content-Type, X-Request-Id)
	/// and -Max-Age for a listed origin; 403 forbidden without any CORS
	/// header for any other origin, so the browser blocks the call.
{
public:
	PreflightHandler(const ServerContext& server, const RouteMatch& match, const std::string& allow);

protected:
	void handle(Exchange& exchange) override;

private:
	std::string _allow;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PreflightHandler_INCLUDED
