//
// ProfileCompleteHandler.h
//


#ifndef AuthServer_Http_ProfileCompleteHandler_INCLUDED
#define AuthServer_Http_ProfileCompleteHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ProfileCompleteHandler: public ApiHandler
	/// POST /api/auth/profile/complete (access) {"full_name", "email"?,
	/// "bio"?, "location"?, "birth_date"?, "avatar_url"?}: 200 User with
	/// needs_profile_completion false; other fields 400.
{
public:
	ProfileCompleteHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ProfileCompleteHandler_INCLUDED
