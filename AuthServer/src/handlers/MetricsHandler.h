//
// MetricsHandler.h
//


#ifndef AuthServer_Http_MetricsHandler_INCLUDED
#define AuthServer_Http_MetricsHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MetricsHandler: public ApiHandler
	/// GET /metrics: 200 text/plain; version=0.0.4 (Prometheus text
	/// exposition format) with the families of Metrics::render().
{
public:
	MetricsHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MetricsHandler_INCLUDED
