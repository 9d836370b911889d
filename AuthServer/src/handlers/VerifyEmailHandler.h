//
// VerifyEmailHandler.h
//


#ifndef AuthServer_Http_VerifyEmailHandler_INCLUDED
#define AuthServer_Http_VerifyEmailHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class VerifyEmailHandler: public ApiHandler
	/// POST /api/auth/verify-email: {"token"} from the link, or {"email", "code"};
	/// answers 200 {"user"} (400 invalid_token when expired or used).
{
public:
	VerifyEmailHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_VerifyEmailHandler_INCLUDED
