//
// AdminUserGetHandler.h
//


#ifndef AuthServer_Http_AdminUserGetHandler_INCLUDED
#define AuthServer_Http_AdminUserGetHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AdminUserGetHandler: public ApiHandler
	/// GET /api/admin/users/{id} (admin): 200 User; 404 not_found.
{
public:
	AdminUserGetHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AdminUserGetHandler_INCLUDED
