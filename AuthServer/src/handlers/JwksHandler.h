//
// JwksHandler.h
//


#ifndef AuthServer_Http_JwksHandler_INCLUDED
#define AuthServer_Http_JwksHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class JwksHandler: public ApiHandler
	/// GET /.well-known/jwks.json: the JWK set (RFC 7517 §5) of the public
	/// signing keys, TokenService::publicKeys(): with RS256/ES256 the current
	/// key and the retired ones of jwt.previousPublicKeyFiles, each with kid,
	/// kty, alg, use "sig" and public parameters only; with HS256 there is
	/// no public key: {"keys": []}. Cacheable for an hour.
{
public:
	JwksHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_JwksHandler_INCLUDED
