//
// MfaTotpConfirmHandler.h
//


#ifndef AuthServer_Http_MfaTotpConfirmHandler_INCLUDED
#define AuthServer_Http_MfaTotpConfirmHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MfaTotpConfirmHandler: public ApiHandler
	/// POST /api/auth/mfa/totp/confirm {"code"}: 200 {"recovery_codes": [10
	/// strings]}, shown once; the authenticator app is on from now.
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	MfaTotpConfirmHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MfaTotpConfirmHandler_INCLUDED
