//
// User.h
//
// One row of the users table.
//


#ifndef AuthServer_Persistence_User_INCLUDED
#define AuthServer_Persistence_User_INCLUDED


#include "AuthServer/Persistence/UserFields.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct User: UserFields
	/// One row of the users table: the account's fields (UserFields) and
	/// passwordHash, an Argon2id PHC string (or a Django hash of an imported
	/// user until its first login), absent for phone-only accounts.
	/// UserStore's insert() and update() leave username alone
	/// (CompatAccountStore and the Django importer write it).
{
	std::optional<std::string> passwordHash;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_User_INCLUDED
