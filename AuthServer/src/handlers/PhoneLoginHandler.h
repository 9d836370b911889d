//
// PhoneLoginHandler.h
//


#ifndef AuthServer_Http_PhoneLoginHandler_INCLUDED
#define AuthServer_Http_PhoneLoginHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PhoneLoginHandler: public ApiHandler
	/// POST /api/auth/phone/login {"phone_number"}: sends a login code by
	/// SMS to a known number; 202 always.
{
public:
	PhoneLoginHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PhoneLoginHandler_INCLUDED
