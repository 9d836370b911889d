//
// TokenRefreshHandler.h
//


#ifndef AuthServer_Http_TokenRefreshHandler_INCLUDED
#define AuthServer_Http_TokenRefreshHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class TokenRefreshHandler: public ApiHandler
	/// POST /api/auth/token/refresh: rotates the refresh token and answers 200
	/// with a new token pair; 401 token_reused on reuse (RFC 9700 §4.14.2).
{
public:
	TokenRefreshHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_TokenRefreshHandler_INCLUDED
