//
// AdminAuditListHandler.cpp
//


#include "AdminAuditListHandler.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Http/QueryParams.h"
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
	int page = query.integer("page", 1);
	int pageSize = query.integer("page_size", Identity::AdminService::DEFAULT_PAGE_SIZE);
	query.check();
	Identity::AdminService::AuditPage result = server().identity().admin().audit(userId, query.string("event"), page, pageSize);
	Poco::JSON::Array items;
	for (const Persistence::AuditEvent& e: result.items)
	{
		Poco::JSON::Object item;
		item.set("id", std::to_string(e.id));
		if (e.userId) item.set("user_id", std::to_string(*e.userId));
		else item.set("user_id", Poco::Dynamic::Var());
		item.set("event", e.event);
		item.set("ip", e.ip);
		item.set("user_agent", e.userAgent);
		item.set("created_at", Core::Clock::toRfc3339(e.createdAt));
		item.set("detail", e.detail);
		items.add(item);
	}
	Poco::JSON::Object body;
	body.set("items", items);
	body.set("page", result.page);
	body.set("page_size", result.pageSize);
	body.set("total", result.total);
	exchange.sendJson(200, body);
}


} } // namespace AuthServer::Http
