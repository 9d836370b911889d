//
// ProfileUpdateHandler.cpp
//


#include "ProfileUpdateHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/ProfileChanges.h"


namespace AuthServer {
namespace Http {


ProfileUpdateHandler::ProfileUpdateHandler(const ServerContext& server, const RouteMatch& match):
	ApiHandler(server, match)
{
}


void ProfileUpdateHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	body.refuseExcept(
		{"full_name", "phone_number", "bio", "location", "birth_date", "avatar_url", "otp_login_enabled", "otp_channel"},
		{"role", "is_active", "email", "password", "id", "email_verified", "phone_verified"});
	Identity::ProfileChanges changes;
	changes.fullName = body.optionalString("full_name");
	changes.phoneNumber = body.nullableString("phone_number");
	changes.bio = body.optionalString("bio");
	changes.location = body.optionalString("location");
	changes.birthDate = body.nullableString("birth_date");
	changes.avatarUrl = body.optionalString("avatar_url");
	changes.otpLoginEnabled = body.optionalBool("otp_login_enabled");
	changes.otpChannel = body.optionalString("otp_channel");
	body.check();
	Identity::Account user = server().identity().accounts().updateProfile(exchange.principal(), changes, exchange.context());
	exchange.sendJson(200, UserJson::user(user));
}


} } // namespace AuthServer::Http
