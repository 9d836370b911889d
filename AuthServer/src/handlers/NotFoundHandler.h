//
// NotFoundHandler.h
//


#ifndef AuthServer_Http_NotFoundHandler_INCLUDED
#define AuthServer_Http_NotFoundHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class NotFoundHandler: public ApiHandler
	/// Any unknown path: 404 not_found problem.
{
public:
	NotFoundHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_NotFoundHandler_INCLUDED
