//
// LoginHandler.h
//


#ifndef AuthServer_Http_LoginHandler_INCLUDED
#define AuthServer_Http_LoginHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class LoginHandler: public ApiHandler
	/// POST /api/auth/login: email + password -> 200 token response (RFC 6749 §5.1),
	/// or, for an account with login OTP on, 200 {"otp_required": true,
	/// "otp_challenge", "channel"}.
{
public:
	LoginHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_LoginHandler_INCLUDED
