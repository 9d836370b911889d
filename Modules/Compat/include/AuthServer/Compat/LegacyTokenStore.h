//
// LegacyTokenStore.h
//
// The legacy_token_exchanges table (migration 0008) and the credential
// events a legacy token must not predate.
//


#ifndef AuthServer_Compat_LegacyTokenStore_INCLUDED
#define AuthServer_Compat_LegacyTokenStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "Poco/Data/Session.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Compat {


class LegacyTokenStore
	/// SQL as named constants with bound parameters (STYLE.md §6).
{
public:
	explicit LegacyTokenStore(Persistence::Database& database);

	bool insert(Poco::Data::Session& db, const std::string& jti, Poco::Int64 userId, Poco::Int64 expiresAt, Poco::Int64 now);
		/// Stores jti in db's transaction; returns false when it was
		/// stored before (the unique key holds across instances; a
		/// concurrent insert of the same jti waits for the first and then
		/// returns false).

	void purgeExpired(Poco::Int64 now);
		/// Deletes the rows whose token expired before now (seconds).

	std::optional<Poco::Int64> importedAt(Poco::Int64 userId);
		/// Returns when user was first imported by --import-django
		/// (seconds, django_imports.imported_at of migration 0009), or
		/// nothing for an account that was not imported: only imported
		/// accounts can hold the replaced back end's tokens (Docs/COMPAT.md
		/// "Legacy tokens").

	bool credentialsChangedSince(Poco::Int64 userId, Poco::Int64 since);
		/// Returns whether user changed or reset the password, or had
		/// every session revoked (log out everywhere, deactivation), at or
		/// after since (seconds), from the audit events.

private:
	Persistence::Database& _database;
	std::string _insert;
	std::string _purge;
	std::string _changed;
	std::string _imported;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_LegacyTokenStore_INCLUDED
