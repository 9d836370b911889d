//
// WebAuthnCredentialsListHandler.h
//


#ifndef AuthServer_Http_WebAuthnCredentialsListHandler_INCLUDED
#define AuthServer_Http_WebAuthnCredentialsListHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class WebAuthnCredentialsListHandler: public ApiHandler
	/// GET /api/auth/webauthn/credentials (access token): 200
	/// {"credentials": [{id, name, created_at, last_used_at}]}.
	/// Rules: SecondFactor::WebAuthnService.
{
public:
	WebAuthnCredentialsListHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WebAuthnCredentialsListHandler_INCLUDED
