//
// AdminUserMfaResetHandler.h
//


#ifndef AuthServer_Http_AdminUserMfaResetHandler_INCLUDED
#define AuthServer_Http_AdminUserMfaResetHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AdminUserMfaResetHandler: public ApiHandler
	/// DELETE /api/admin/users/{id}/mfa: 204; the user's second factors are
	/// removed (audit mfa_reset_by_admin); 404 for an unknown user.
	/// Rules: SecondFactor::SecondFactorService.
{
public:
	AdminUserMfaResetHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AdminUserMfaResetHandler_INCLUDED
