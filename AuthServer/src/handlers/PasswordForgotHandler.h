//
// PasswordForgotHandler.h
//


#ifndef AuthServer_Http_PasswordForgotHandler_INCLUDED
#define AuthServer_Http_PasswordForgotHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PasswordForgotHandler: public ApiHandler
	/// POST /api/auth/password/forgot: email -> 202 whether or not the
	/// account exists (API.md; OWASP Forgot Password Cheat Sheet).
{
public:
	PasswordForgotHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PasswordForgotHandler_INCLUDED
