//
// RegisterHandler.h
//


#ifndef AuthServer_Http_RegisterHandler_INCLUDED
#define AuthServer_Http_RegisterHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class RegisterHandler: public ApiHandler
	/// POST /api/auth/register and /api/auth/register/supplier: creates an account
	/// (RegistrationService::registerUser) and answers 201 {"user", "verification": "email_sent"}.
	/// The supplier route forces role "supplier" and requires company_name.
{
public:
	RegisterHandler(const ServerContext& server, const RouteMatch& match, bool supplier);

protected:
	void handle(Exchange& exchange) override;

private:
	bool _supplier;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_RegisterHandler_INCLUDED
