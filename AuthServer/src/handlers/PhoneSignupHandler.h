//
// PhoneSignupHandler.h
//


#ifndef AuthServer_Http_PhoneSignupHandler_INCLUDED
#define AuthServer_Http_PhoneSignupHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class PhoneSignupHandler: public ApiHandler
	/// POST /api/auth/phone/signup {"phone_number"}: sends a sign-up code
	/// by SMS; 202 always (400 invalid_phone_number for a bad number).
{
public:
	PhoneSignupHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_PhoneSignupHandler_INCLUDED
