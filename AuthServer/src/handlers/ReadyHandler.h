//
// ReadyHandler.h
//


#ifndef AuthServer_Http_ReadyHandler_INCLUDED
#define AuthServer_Http_ReadyHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ReadyHandler: public ApiHandler
	/// GET /ready: 200 {"status": "ok", "checks": {"database", "cache"}}
	/// when both answer, else 503 problem+json service_unavailable with the
	/// same checks naming the one that is down.
{
public:
	ReadyHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ReadyHandler_INCLUDED
