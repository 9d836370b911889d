//
// WebAuthnLoginVerifyHandler.h
//


#ifndef AuthServer_Http_WebAuthnLoginVerifyHandler_INCLUDED
#define AuthServer_Http_WebAuthnLoginVerifyHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnLoginVerifyHandler: public ApiHandler
	/// POST /api/auth/webauthn/login/verify {"credential":
	/// AuthenticationResponseJSON}: 200 the token answer; 400
	/// invalid_credential.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnLoginVerifyHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnLoginVerifyHandler_INCLUDED
