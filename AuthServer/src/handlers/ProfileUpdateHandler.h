//
// ProfileUpdateHandler.h
//


#ifndef AuthServer_Http_ProfileUpdateHandler_INCLUDED
#define AuthServer_Http_ProfileUpdateHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ProfileUpdateHandler: public ApiHandler
	/// PATCH and PUT /api/auth/profile (access): a partial update (the seeds'
	/// clients send PUT); role, is_active, email, password and unknown
	/// fields are refused with 400 validation_error. Answers 200 User.
{
public:
	ProfileUpdateHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ProfileUpdateHandler_INCLUDED
