//
// CompatAccountStore.h
//
// The account columns and rows only the compatibility profiles use:
// users.username (migration 0009) and compat_pending_activations (0012).
//


#ifndef AuthServer_Compat_CompatAccountStore_INCLUDED
#define AuthServer_Compat_CompatAccountStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Compat {


class CompatAccountStore
	/// Usernames (unique case-insensitively through the partial index
	/// users_username_lower) and the accounts of the otp-activation
	/// profile waiting for their code (Docs/COMPAT.md). Usernames are read
	/// with the user (Persistence::User::username). Writes go through
	/// Persistence::Database (the group-commit writer when on), the
	/// sign-up's on the registration's own transaction. Throws
	/// Poco::Data::DataException when the database fails.
{
public:
	explicit CompatAccountStore(Persistence::Database& database);

	bool usernameTaken(const std::string& username);
		/// Returns whether any account holds username, ASCII case folded
		/// (lower(), as the unique index).

	bool setUsername(Poco::Data::Session& db, Poco::Int64 userId, const std::string& username);
		/// Sets the account's username on the caller's write transaction
		/// (a Database::write() unit); returns false when the account does
		/// not exist. Throws Poco::Data::DataException when another account
		/// holds it (the unique index, e.g. a concurrent sign-up): the
		/// caller's unit must then roll back.

	void markPending(Poco::Data::Session& db, Poco::Int64 userId, Poco::Int64 now);
		/// Records on the caller's write transaction that the (inactive)
		/// account waits for its activation code; now is epoch seconds.

	bool isPending(Poco::Int64 userId);
		/// Returns whether the account waits for its activation code.

	bool clearPending(Poco::Int64 userId);
		/// Removes the account's row; returns whether there was one (one
		/// caller wins when two codes come back at once).

private:
	Persistence::Database& _database;
	std::string _usernameTaken;
	std::string _setUsername;
	std::string _markPending;
	std::string _isPending;
	std::string _clearPending;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_CompatAccountStore_INCLUDED
