//
// PasswordResetHandler.h
//


#ifndef AuthServer_Http_PasswordResetHandler_INCLUDED
#define AuthServer_Http_PasswordResetHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PasswordResetHandler: public ApiHandler
	/// POST /api/auth/password/reset: token, new_password,
	/// new_password_confirm -> 200 {"detail"}; every session of the user
	/// is revoked.
{
public:
	PasswordResetHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PasswordResetHandler_INCLUDED
