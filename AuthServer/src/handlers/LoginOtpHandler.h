//
// LoginOtpHandler.h
//


#ifndef AuthServer_Http_LoginOtpHandler_INCLUDED
#define AuthServer_Http_LoginOtpHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class LoginOtpHandler: public ApiHandler
	/// POST /api/auth/login/otp: otp_challenge + code (the second step of a
	/// login with OTP on) -> 200 token response (RFC 6749 §5.1).
{
public:
	LoginOtpHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_LoginOtpHandler_INCLUDED
