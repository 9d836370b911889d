//
// RegisterHandler.cpp
//


#include "RegisterHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/Registration.h"


namespace AuthServer {
namespace Http {


RegisterHandler::RegisterHandler(const ServerContext& server, const RouteMatch& match, bool supplier):
	ApiHandler(server, match),
	_supplier(supplier)
{
}


void RegisterHandler::handle(Exchange& exchange)
{
	JsonBody body = exchange.body();
	Identity::Registration registration;
	registration.email = body.string("email");
	registration.password = body.string("password");
	registration.passwordConfirm = body.string("password_confirm");
	registration.fullName = body.string("full_name");
	registration.phoneNumber = body.optionalString("phone_number");
	registration.companyName = body.optionalString("company_name");
	std::optional<std::string> role = body.optionalString("role");
	body.check();
	if (_supplier)
	{
		if (role && *role != "supplier") throw Core::ValidationException("role", "This endpoint registers suppliers only.");
		registration.role = "supplier";
		registration.companyNameRequired = true;
	}
	else registration.role = role.value_or("user");
	Persistence::User user = server().identity().registration().registerUser(registration, exchange.context());
	Poco::JSON::Object answer;
	answer.set("user", UserJson::user(user));
	answer.set("verification", "email_sent");
	exchange.sendJson(201, answer);
}


} } // namespace AuthServer::Http
