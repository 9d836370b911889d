//
// PasswordChangeHandler.h
//


#ifndef AuthServer_Http_PasswordChangeHandler_INCLUDED
#define AuthServer_Http_PasswordChangeHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PasswordChangeHandler: public ApiHandler
	/// POST /api/auth/password/change (access): old_password, new_password,
	/// new_password_confirm -> 200 {"detail"}; other sessions are revoked.
{
public:
	PasswordChangeHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PasswordChangeHandler_INCLUDED
