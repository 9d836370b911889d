//
// AdminUserUpdateHandler.h
//


#ifndef AuthServer_Http_AdminUserUpdateHandler_INCLUDED
#define AuthServer_Http_AdminUserUpdateHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AdminUserUpdateHandler: public ApiHandler
	/// PATCH /api/admin/users/{id} (admin), body {"is_active"?: bool,
	/// "role"?: "user"|"supplier"|"admin"}: 200 User; other fields 400;
	/// 404 not_found.
{
public:
	AdminUserUpdateHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AdminUserUpdateHandler_INCLUDED
