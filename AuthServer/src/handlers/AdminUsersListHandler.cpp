//
// AdminUsersListHandler.cpp
//


#include "AdminUsersListHandler.h"
#include "AuthServer/Http/QueryParams.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/AdminService.h"
#include "Poco/JSON/Array.h"


namespace AuthServer {
namespace Http {


AdminUsersListHandler::AdminUsersListHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void AdminUsersListHandler::handle(Exchange& exchange)
{
	QueryParams query(exchange.request().getURI());
	int page = query.integer("page", 1);
	int pageSize = query.integer("page_size", Identity::AdminService::DEFAULT_PAGE_SIZE);
	query.check();
	Identity::AdminService::UserPage result = server().identity().admin().listUsers(query.string("q"), page, pageSize);
	Poco::JSON::Array items;
	for (const Persistence::User& user: result.items) items.add(UserJson::user(user));
	Poco::JSON::Object body;
	body.set("items", items);
	body.set("page", result.page);
	body.set("page_size", result.pageSize);
	body.set("total", result.total);
	exchange.sendJson(200, body);
}


} } // namespace AuthServer::Http
