//
// OtpVerifyHandler.h
//


#ifndef AuthServer_Http_OtpVerifyHandler_INCLUDED
#define AuthServer_Http_OtpVerifyHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class OtpVerifyHandler: public ApiHandler
	/// POST /api/auth/otp/verify: channel, destination, code, purpose ->
	/// purpose login: 200 token response; purpose verify: 200 {"user": User}
	/// with that email or phone marked verified.
{
public:
	OtpVerifyHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_OtpVerifyHandler_INCLUDED
