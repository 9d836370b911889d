//
// WebAuthnRegisterVerifyHandler.h
//


#ifndef AuthServer_Http_WebAuthnRegisterVerifyHandler_INCLUDED
#define AuthServer_Http_WebAuthnRegisterVerifyHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnRegisterVerifyHandler: public ApiHandler
	/// POST /api/auth/webauthn/register/verify {"credential":
	/// RegistrationResponseJSON, "name"?}: 201 the passkey {id, name,
	/// created_at, last_used_at}; 400 invalid_credential.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnRegisterVerifyHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnRegisterVerifyHandler_INCLUDED
