//
// MfaTotpSetupHandler.h
//


#ifndef AuthServer_Http_MfaTotpSetupHandler_INCLUDED
#define AuthServer_Http_MfaTotpSetupHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MfaTotpSetupHandler: public ApiHandler
	/// POST /api/auth/mfa/totp/setup: 200 {"secret": base32, "otpauth_url",
	/// "qr_svg"}; the authenticator app is not on until confirmed.
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	MfaTotpSetupHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MfaTotpSetupHandler_INCLUDED
