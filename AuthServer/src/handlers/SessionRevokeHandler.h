//
// SessionRevokeHandler.h
//


#ifndef AuthServer_Http_SessionRevokeHandler_INCLUDED
#define AuthServer_Http_SessionRevokeHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class SessionRevokeHandler: public ApiHandler
	/// DELETE /api/auth/sessions/{id} (access): revokes one of the caller's
	/// sessions, 204; 404 not_found for an unknown or another user's id.
{
public:
	SessionRevokeHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_SessionRevokeHandler_INCLUDED
