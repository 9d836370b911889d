//
// AdminAuditListHandler.h
//


#ifndef AuthServer_Http_AdminAuditListHandler_INCLUDED
#define AuthServer_Http_AdminAuditListHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AdminAuditListHandler: public ApiHandler
	/// GET /api/admin/audit?user_id=&event=&page=&page_size=&cursor=
	/// (admin): 200 {"items": [{"id", "user_id", "event", "ip",
	/// "user_agent", "created_at", "detail"}], "page", "page_size",
	/// "total", "total_capped", "next"}, newest first; cursor (an earlier
	/// answer's next) replaces page.
{
public:
	AdminAuditListHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AdminAuditListHandler_INCLUDED
