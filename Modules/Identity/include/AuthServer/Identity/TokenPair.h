//
// TokenPair.h
//
// What a successful login or refresh returns.
//


#ifndef AuthServer_Identity_TokenPair_INCLUDED
#define AuthServer_Identity_TokenPair_INCLUDED


#include "AuthServer/Identity/Account.h"
#include <string>


namespace AuthServer {
namespace Identity {


struct TokenPair
	/// RFC 6749 §5.1 token response: expiresIn and refreshExpiresIn are
	/// seconds from now.
{
	std::string accessToken;
	std::string refreshToken;
	int expiresIn = 0;
	int refreshExpiresIn = 0;
	Account user; /// the account, without its password hash
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_TokenPair_INCLUDED
