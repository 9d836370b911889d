//
// Account.h
//
// An account as services hand it to the HTTP layer: no password hash.
//


#ifndef AuthServer_Identity_Account_INCLUDED
#define AuthServer_Identity_Account_INCLUDED


#include "AuthServer/Persistence/User.h"


namespace AuthServer {
namespace Identity {


struct Account: Persistence::UserFields
	/// The view of a Persistence::User that leaves Identity: every field
	/// but the password hash, which has no member here, so no handler or
	/// renderer can leak it (OWASP ASVS 2.4: verifiers never leave the
	/// server). The fields and their units are Persistence::UserFields'.
{
	Account() = default;

	explicit Account(const Persistence::User& user);
		/// Copies every field of user but passwordHash.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_Account_INCLUDED
