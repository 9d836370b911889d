//
// RegisterHandler.cpp
//


#include "RegisterHandler.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/Registration.h"
#include <set>


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
	// Fields the server alone sets are refused, as PATCH /profile does
	// (OWASP ASVS 5.1.2 mass assignment; issue 17 finding 11); role stays
	// (API.md: "user" or "supplier", checked by the service).
	const std::set<std::string> PROTECTED = {"id", "is_active", "email_verified", "phone_verified"};
	std::set<std::string> allowed;
	for (const auto& kv: body.object())
		if (!PROTECTED.count(kv.first)) allowed.insert(kv.first);
	body.refuseExcept(allowed, PROTECTED);
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
