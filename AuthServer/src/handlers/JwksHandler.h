//
// JwksHandler.h
//


#ifndef AuthServer_Http_JwksHandler_INCLUDED
#define AuthServer_Http_JwksHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class JwksHandler: public ApiHandler
	/// GET /.well-known/jwks.json: the JWK set (RFC 7517) of the public signing
	/// keys. With HS256 (the only algorithm of this build) there is no public
	/// key: {"keys": []}. Cacheable for an hour.
{
public:
	JwksHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_JwksHandler_INCLUDED
