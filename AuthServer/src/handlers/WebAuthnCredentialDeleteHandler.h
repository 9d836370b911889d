//
// WebAuthnCredentialDeleteHandler.h
//


#ifndef AuthServer_Http_WebAuthnCredentialDeleteHandler_INCLUDED
#define AuthServer_Http_WebAuthnCredentialDeleteHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnCredentialDeleteHandler: public ApiHandler
	/// DELETE /api/auth/webauthn/credentials/{id} (access token): 204;
	/// 404 not_found for an id not the caller's.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnCredentialDeleteHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnCredentialDeleteHandler_INCLUDED
