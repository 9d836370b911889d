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
	// Fields the server alone sets are refused, as PATCH /profile does
	// (OWASP ASVS 5.1.2 mass assignment; issue 17 finding 11); role stays
	// (API.md: "user" or "supplier", checked by the service).
	body.refuse({"id", "is_active", "email_verified", "phone_verified"});
	Identity::Registration registration;
	registration.email = body.string("email");
	registration.password = body.string("password");
	registration.passwordConfirm = body.string("password_confirm");
	registration.fullName = body.string("full_name");
	registration.phoneNumber = body.optionalString("phone_number");
	registration.companyName = body.optionalString("company_name");
	std::optional<std::string> role = body.optionalString("role");
	body.check();
	if (role) registration.role = *role;
	Identity::RegistrationService& service = server().identity().registration();
	Identity::Account user = _supplier ? service.registerSupplier(registration, role, exchange.context()) : service.registerUser(registration, exchange.context());
	Poco::JSON::Object answer;
	answer.set("user", UserJson::user(user));
	answer.set("verification", "email_sent");
	exchange.sendJson(201, answer);
}


} } // namespace AuthServer::Http
