//
// MfaTotpDeleteHandler.h
//


#ifndef AuthServer_Http_MfaTotpDeleteHandler_INCLUDED
#define AuthServer_Http_MfaTotpDeleteHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MfaTotpDeleteHandler: public ApiHandler
	/// DELETE /api/auth/mfa/totp {"password"} or {"code"}: 204; the
	/// authenticator app and its recovery codes are removed, a notice mailed.
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	MfaTotpDeleteHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MfaTotpDeleteHandler_INCLUDED
