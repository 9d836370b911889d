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
	QueryParams::Paging paging = query.paging(Identity::AdminService::DEFAULT_PAGE_SIZE);
	query.check();
	auto result = server().identity().admin().listUsers(query.string("q"), paging.page, paging.pageSize, query.string("cursor"));
	Poco::JSON::Array items;
	for (const Identity::Account& account: result.items) items.add(UserJson::user(account));
	exchange.sendJson(200, UserJson::page(items, result.page, result.pageSize, result.total, result.totalCapped, result.next));
}


} } // namespace AuthServer::Http
