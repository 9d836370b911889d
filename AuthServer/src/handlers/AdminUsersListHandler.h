//
// AdminUsersListHandler.h
//


#ifndef AuthServer_Http_AdminUsersListHandler_INCLUDED
#define AuthServer_Http_AdminUsersListHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AdminUsersListHandler: public ApiHandler
	/// GET /api/admin/users?q=&page=&page_size=&cursor= (admin): 200
	/// {"items": [User], "page", "page_size", "total", "total_capped",
	/// "next"}; cursor (an earlier answer's next) replaces page; bad
	/// paging or cursor 400.
{
public:
	AdminUsersListHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AdminUsersListHandler_INCLUDED
