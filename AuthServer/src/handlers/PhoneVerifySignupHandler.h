//
// PhoneVerifySignupHandler.h
//


#ifndef AuthServer_Http_PhoneVerifySignupHandler_INCLUDED
#define AuthServer_Http_PhoneVerifySignupHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PhoneVerifySignupHandler: public ApiHandler
	/// POST /api/auth/phone/verify-signup {"phone_number", "otp_code"}: 201
	/// tokens for a new account (needs_profile_completion true), 200 tokens
	/// for a number that already has one.
{
public:
	PhoneVerifySignupHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PhoneVerifySignupHandler_INCLUDED
