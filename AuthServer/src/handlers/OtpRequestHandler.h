//
// OtpRequestHandler.h
//


#ifndef AuthServer_Http_OtpRequestHandler_INCLUDED
#define AuthServer_Http_OtpRequestHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class OtpRequestHandler: public ApiHandler
	/// POST /api/auth/otp/request: channel, destination, purpose -> 202
	/// whether or not the account exists (API.md, OWASP ASVS 2.2 no
	/// enumeration); only malformed input is refused (400).
{
public:
	OtpRequestHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_OtpRequestHandler_INCLUDED
