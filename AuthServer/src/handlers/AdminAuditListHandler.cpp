//
// AdminAuditListHandler.cpp
//


#include "AdminAuditListHandler.h"
#include "AuthServer/Http/QueryParams.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/AdminService.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


AdminAuditListHandler::AdminAuditListHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminAuditListHandler::handle(Exchange& exchange)
{
	QueryParams query(exchange.request().getURI());
	std::optional<Poco::Int64> userId = query.optionalId("user_id");
	QueryParams::Paging paging = query.paging(Identity::AdminService::DEFAULT_PAGE_SIZE);
	query.check();
	auto result = server().identity().admin().audit(userId, query.string("event"), paging.page, paging.pageSize, query.string("cursor"));
	Poco::JSON::Array items;
	for (const Persistence::AuditEvent& event: result.items) items.add(UserJson::auditEvent(event));
	exchange.sendJson(200, UserJson::page(items, result.page, result.pageSize, result.total, result.totalCapped, result.next));
}


} } // namespace AuthServer::Http
