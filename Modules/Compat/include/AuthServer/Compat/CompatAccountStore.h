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
	/// profile waiting for their code (Docs/COMPAT.md). Writes go through
	/// Persistence::Database::writeStatement (the group-commit writer when
	/// on). Throws Poco::Data::DataException when the database fails.
{
public:
	explicit CompatAccountStore(Persistence::Database& database);

	std::optional<std::string> username(Poco::Int64 userId);
		/// Returns the account's username, or nothing (none set, no such
		/// account).

	bool usernameTaken(const std::string& username);
		/// Returns whether any account holds username, ASCII case folded
		/// (lower(), as the unique index).

	bool setUsername(Poco::Int64 userId, const std::string& username);
		/// Sets the account's username; returns false when another account
		/// holds it (the unique index refused it, e.g. a concurrent
		/// sign-up) or the account does not exist.

	void markPending(Poco::Int64 userId, Poco::Int64 now);
		/// Records that the (inactive) account waits for its activation
		/// code; now is epoch seconds.

	bool isPending(Poco::Int64 userId);
		/// Returns whether the account waits for its activation code.

	bool clearPending(Poco::Int64 userId);
		/// Removes the account's row; returns whether there was one (one
		/// caller wins when two codes come back at once).

private:
	Persistence::Database& _database;
	std::string _username;
	std::string _usernameTaken;
	std::string _setUsername;
	std::string _markPending;
	std::string _isPending;
	std::string _clearPending;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_CompatAccountStore_INCLUDED
