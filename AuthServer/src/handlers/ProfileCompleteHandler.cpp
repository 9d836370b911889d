//
// ProfileCompleteHandler.cpp
//


#include "ProfileCompleteHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/ProfileChanges.h"


namespace AuthServer {
namespace Http {


ProfileCompleteHandler::ProfileCompleteHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void ProfileCompleteHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	body.refuseExcept({"full_name", "email", "bio", "location", "birth_date", "avatar_url"},
		{"role", "is_active", "password", "id", "phone_number", "email_verified", "phone_verified"});
	Identity::ProfileChanges changes;
	changes.fullName = body.optionalString("full_name");
	std::optional<std::string> email = body.optionalString("email");
	changes.bio = body.optionalString("bio");
	changes.location = body.optionalString("location");
	changes.birthDate = body.nullableString("birth_date");
	changes.avatarUrl = body.optionalString("avatar_url");
	body.check();
	Identity::Account user = server().identity().accounts().completeProfile(exchange.principal(), changes, email, exchange.context());
	exchange.sendJson(200, UserJson::user(user));
}


} } // namespace AuthServer::Http
