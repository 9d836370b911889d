//
// TokenClaims.h
//
// The verified claims of an access or refresh token.
//


#ifndef AuthServer_Tokens_TokenClaims_INCLUDED
#define AuthServer_Tokens_TokenClaims_INCLUDED


#include "Poco/Types.h"
#include <string>


namespace AuthServer {
namespace Tokens {


enum class TokenType
	/// The `typ` claim (API.md "JWT claims"): a refresh token is never
	/// accepted as an access token, nor the reverse (RFC 8725 §3.11).
{
	Access,
	Refresh
};


struct TokenClaims
	/// Claims of a token whose signature, alg, typ, iss, aud and exp were
	/// checked. Times are NumericDate integers (RFC 7519 §2).
{
	TokenType type = TokenType::Access;
	Poco::Int64 userId = 0;   // sub
	std::string sessionId;    // sid
	std::string jti;
	std::string role;         // access tokens only
	Poco::Int64 issuedAt = 0; // iat
	Poco::Int64 expiresAt = 0; // exp
};


struct IssuedToken
	/// A freshly signed token with its identifying claims.
{
	std::string token;
	std::string jti;
	Poco::Int64 issuedAt = 0;
	Poco::Int64 expiresAt = 0;
};


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_TokenClaims_INCLUDED
