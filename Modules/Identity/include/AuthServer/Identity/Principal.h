//
// Principal.h
//
// The authenticated caller of a request.
//


#ifndef AuthServer_Identity_Principal_INCLUDED
#define AuthServer_Identity_Principal_INCLUDED


#include "AuthServer/Identity/Account.h"
#include "Poco/Types.h"
#include <string>


namespace AuthServer {
namespace Identity {


struct Principal
	/// The result of authenticating an access token: its claims and the
	/// user (without password hash) as of this request.
{
	Poco::Int64 userId = 0;
	std::string sessionId;
	std::string jti;
	std::string role;
	Poco::Int64 expiresAt = 0;
	Account user;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_Principal_INCLUDED
