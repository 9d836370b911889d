//
// ResendVerificationHandler.h
//


#ifndef AuthServer_Http_ResendVerificationHandler_INCLUDED
#define AuthServer_Http_ResendVerificationHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ResendVerificationHandler: public ApiHandler
	/// POST /api/auth/resend-verification: answers 202 whether or not the
	/// account exists (API.md, OWASP ASVS 2.2 no enumeration).
{
public:
	ResendVerificationHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ResendVerificationHandler_INCLUDED
