//
// ImportStore.h
//
// The SQL of the Django import: users by pk and the import bookkeeping.
//


#ifndef AuthServer_DjangoImport_ImportStore_INCLUDED
#define AuthServer_DjangoImport_ImportStore_INCLUDED


#include "AuthServer/DjangoImport/DjangoUser.h"
#include "AuthServer/Persistence/Database.h"
#include "Poco/Data/Session.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"
#include <memory>
#include <optional>
#include <string>


namespace AuthServer {
namespace DjangoImport {


class ImportStore
	/// Reads and writes users by their Django pk and the table
	/// django_imports (Migrations 0009: one row per imported user with the
	/// SHA-256 digests of the dump's password string and of its mapped
	/// fields at the last import). Every call takes the session of the
	/// caller's transaction. Throws Poco::Data::DataException on failure.
{
public:
	struct Imported
	{
		std::string passwordDigest;
		std::string fieldsDigest;
	};

	explicit ImportStore(Persistence::Database& database);

	~ImportStore();

	void prepare(Poco::Data::Session& db);
		/// Prepares the per-user statements (lookups, insert, bookkeeping)
		/// once on db, the session of a whole import: SQLite compiles an
		/// INSERT into users with its search-index triggers in about as
		/// long as it runs it. Later calls with db reuse them.

	void release();
		/// Drops the prepared statements (before db goes back to the pool).

	std::optional<Imported> findImport(Poco::Data::Session& db, Poco::Int64 pk);
		/// Returns the bookkeeping of pk, absent when pk was never imported.

	bool userExists(Poco::Data::Session& db, Poco::Int64 id);

	std::optional<Poco::Int64> emailHolder(Poco::Data::Session& db, const std::string& email, Poco::Int64 pk);
		/// Returns another account (id != pk) holding email, proven or pending.

	std::optional<Poco::Int64> phoneHolder(Poco::Data::Session& db, const std::string& e164, Poco::Int64 pk);
		/// Returns another account (id != pk) holding the number, proven or pending.

	std::optional<Poco::Int64> usernameHolder(Poco::Data::Session& db, const std::string& username, Poco::Int64 pk);
		/// Returns another account holding username, compared case-insensitively.

	void insert(Poco::Data::Session& db, const DjangoUser& user, Poco::Int64 now);
		/// Inserts user with id = pk.

	void update(Poco::Data::Session& db, const DjangoUser& user, bool withPassword, Poco::Int64 now);
		/// Overwrites the mapped fields of user pk (last_login_at only forward),
		/// and password_hash when withPassword.

	void fillEmpty(Poco::Data::Session& db, const DjangoUser& profile, Poco::Int64 now);
		/// Sets the empty fields of user profile.pk (full name, bio, location,
		/// birth date, company, avatar; the phone as a pending claim when the
		/// account has none) from a profile model's values.

	void recordImport(Poco::Data::Session& db, Poco::Int64 pk, const Imported& digests, Poco::Int64 now);
		/// Inserts or replaces pk's bookkeeping.

	void moveIdSequence(Poco::Data::Session& db);
		/// Moves the users id sequence past the largest id (PostgreSQL;
		/// SQLite's AUTOINCREMENT follows explicit ids by itself).

	Poco::Int64 countLegacyHashes();
		/// Returns the number of accounts whose password is still a Django hash.

	Poco::Int64 dropLegacyHashes();
		/// Removes every Django password hash (those accounts reset or use a
		/// one-time code); returns how many.

private:
	struct Prepared;
	bool prepared(Poco::Data::Session& db) const;
	std::optional<Poco::Int64> holder(Poco::Data::Statement& statement, const std::string& value, Poco::Int64 pk);

	Persistence::Database& _database;
	std::unique_ptr<Prepared> _pPrepared;
	const std::string _findImport;
	const std::string _userExists;
	const std::string _emailHolder;
	const std::string _phoneHolder;
	const std::string _usernameHolder;
	const std::string _insert;
	const std::string _update;
	const std::string _updateWithPassword;
	const std::string _recordImport;
	const std::string _fillEmpty;
	const std::string _countLegacy;
	const std::string _dropLegacy;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_ImportStore_INCLUDED
