//
// ProfileGetHandler.h
//


#ifndef AuthServer_Http_ProfileGetHandler_INCLUDED
#define AuthServer_Http_ProfileGetHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ProfileGetHandler: public ApiHandler
	/// GET /api/auth/profile (access): answers 200 with the caller's User.
{
public:
	ProfileGetHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ProfileGetHandler_INCLUDED
