//
// LoginMfaHandler.h
//


#ifndef AuthServer_Http_LoginMfaHandler_INCLUDED
#define AuthServer_Http_LoginMfaHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class LoginMfaHandler: public ApiHandler
	/// POST /api/auth/login/mfa {"mfa_challenge", "method": "totp" |
	/// "recovery_code", "code"}: 200 token response (RFC 6749 §5.1).
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	LoginMfaHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_LoginMfaHandler_INCLUDED
