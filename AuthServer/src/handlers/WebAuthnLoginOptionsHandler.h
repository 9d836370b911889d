//
// WebAuthnLoginOptionsHandler.h
//


#ifndef AuthServer_Http_WebAuthnLoginOptionsHandler_INCLUDED
#define AuthServer_Http_WebAuthnLoginOptionsHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnLoginOptionsHandler: public ApiHandler
	/// POST /api/auth/webauthn/login/options {"email"?}: 200 {"publicKey":
	/// PublicKeyCredentialRequestOptionsJSON}, the same shape whether the
	/// email is known or not.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnLoginOptionsHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnLoginOptionsHandler_INCLUDED
