//
// PhoneVerifyLoginHandler.h
//


#ifndef AuthServer_Http_PhoneVerifyLoginHandler_INCLUDED
#define AuthServer_Http_PhoneVerifyLoginHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PhoneVerifyLoginHandler: public ApiHandler
	/// POST /api/auth/phone/verify-login {"phone_number", "otp_code"}: 200
	/// tokens.
{
public:
	PhoneVerifyLoginHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PhoneVerifyLoginHandler_INCLUDED
