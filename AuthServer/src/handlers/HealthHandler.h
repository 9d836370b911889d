//
// HealthHandler.h
//


#ifndef AuthServer_Http_HealthHandler_INCLUDED
#define AuthServer_Http_HealthHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class HealthHandler: public ApiHandler
	/// GET /health: 200 {"status": "ok"} while the process serves (liveness;
	/// touches no backend).
{
public:
	HealthHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_HealthHandler_INCLUDED
