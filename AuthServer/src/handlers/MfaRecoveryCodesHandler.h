//
// MfaRecoveryCodesHandler.h
//


#ifndef AuthServer_Http_MfaRecoveryCodesHandler_INCLUDED
#define AuthServer_Http_MfaRecoveryCodesHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MfaRecoveryCodesHandler: public ApiHandler
	/// POST /api/auth/mfa/recovery-codes {"code"}: 200 {"recovery_codes":
	/// [...]}, a new set; the old set dies.
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	MfaRecoveryCodesHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MfaRecoveryCodesHandler_INCLUDED
