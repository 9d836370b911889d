//
// WebAuthnRegisterOptionsHandler.h
//


#ifndef AuthServer_Http_WebAuthnRegisterOptionsHandler_INCLUDED
#define AuthServer_Http_WebAuthnRegisterOptionsHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnRegisterOptionsHandler: public ApiHandler
	/// POST /api/auth/webauthn/register/options (access token): 200
	/// {"publicKey": PublicKeyCredentialCreationOptionsJSON} (WebAuthn L3
	/// §5.1.8: binary members base64url); the challenge lives 300 s, once.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnRegisterOptionsHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnRegisterOptionsHandler_INCLUDED
