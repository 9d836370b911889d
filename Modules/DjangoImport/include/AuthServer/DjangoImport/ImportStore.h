//
// ImportStore.h
//
// The SQL of the Django import: users by pk and the import bookkeeping.
//


#ifndef AuthServer_DjangoImport_ImportStore_INCLUDED
#define AuthServer_DjangoImport_ImportStore_INCLUDED


#include "AuthServer/DjangoImport/DjangoUser.h"
#include "AuthServer/Identity/LegacyPasswordVerifier.h"
#include "AuthServer/Persistence/Database.h"
#include "Poco/Data/Session.h"
#include "Poco/Nullable.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace DjangoImport {


class ImportStore
	/// Reads and writes users by their Django pk and the table
	/// django_imports (Migrations 0009: one row per imported user with the
	/// SHA-256 digests of the dump's password string and of its mapped
	/// fields at the last import). Every call takes the session of the
	/// caller's transaction. Throws Poco::Data::DataException on failure.
	/// The batch calls look up and write many users per statement:
	/// POCO's SQLite connector prepares a statement again at every
	/// execution (an INSERT into users with its search-index triggers costs
	/// about as much to compile as to run), and each statement is a round
	/// trip on PostgreSQL, so one per user made imports slow.
{
public:
	struct Imported
	{
		std::string passwordDigest;
		std::string fieldsDigest;
	};

	struct Holders
		/// What the database holds for the values of one batch of users.
		/// The holder maps hold every account id per value (email and
		/// pending email alike; phone likewise; usernames by their ASCII
		/// lower case).
	{
		std::map<Poco::Int64, Imported> imports;
		std::set<Poco::Int64> ids;
		std::multimap<std::string, Poco::Int64> emails;
		std::multimap<std::string, Poco::Int64> phones;
		std::multimap<std::string, Poco::Int64> usernames;
	};

	explicit ImportStore(Persistence::Database& database);

	void lookUp(Poco::Data::Session& db, const std::vector<DjangoUser>& users, Holders& holders);
		/// Fills holders for users (their pks, emails, phone numbers and
		/// ASCII usernames; a username with other characters is looked up
		/// by usernameHolder), in statements of up to 500 values.

	std::optional<Imported> findImport(Poco::Data::Session& db, Poco::Int64 pk);
		/// Returns the bookkeeping of pk, absent when pk was never imported.

	std::optional<Poco::Int64> phoneHolder(Poco::Data::Session& db, const std::string& e164, Poco::Int64 pk);
		/// Returns another account (id != pk) holding the number, proven or pending.

	std::optional<Poco::Int64> usernameHolder(Poco::Data::Session& db, const std::string& username, Poco::Int64 pk);
		/// Returns another account holding username, compared case-insensitively.

	void insert(Poco::Data::Session& db, const std::vector<const DjangoUser*>& users, Poco::Int64 now);
		/// Inserts users with id = pk, up to 100 per statement.

	void update(Poco::Data::Session& db, const DjangoUser& user, bool withPassword, Poco::Int64 now);
		/// Overwrites the mapped fields of user pk (last_login_at only forward),
		/// and password_hash when withPassword.

	void fillEmpty(Poco::Data::Session& db, const DjangoUser& profile, Poco::Int64 now);
		/// Sets the empty fields of user profile.pk (full name, bio, location,
		/// birth date, company, avatar; the phone as a pending claim when the
		/// account has none) from a profile model's values.

	void recordImports(Poco::Data::Session& db, const std::vector<std::pair<Poco::Int64, Imported>>& digests, Poco::Int64 now);
		/// Inserts or replaces the bookkeeping of each pk, up to 200 per statement.

	void moveIdSequence(Poco::Data::Session& db);
		/// Moves the users id sequence past the largest id (PostgreSQL;
		/// SQLite's AUTOINCREMENT follows explicit ids by itself).

	Poco::Int64 countLegacyHashes();
		/// Returns the number of accounts whose password is still a Django
		/// hash: an index-only count of the partial index of migration 0017
		/// (what is left to migrate, not the table).

	std::vector<std::string> legacyHashSamples(const Identity::LegacyPasswordVerifier& verifier);
		/// Returns one stored Django hash per cost class (verifier.costClass:
		/// algorithm and parameters), reading users in pages of 1000 by id,
		/// so 10^6 imported users never sit in memory at once.

	Poco::Int64 dropLegacyHashes();
		/// Removes every Django password hash (those accounts reset or use a
		/// one-time code); returns how many.

	static const std::string& legacyPredicate();
		/// The SQL condition holding a Django hash ("password_hash LIKE
		/// 'pbkdf2\_%' ... OR ..."), word for word the WHERE of the partial
		/// index users_legacy_password (migration 0017): both back ends use
		/// that index only for a query that holds the same condition.

	static bool isAscii(const std::string& text);
		/// Returns whether text holds only ASCII bytes (lower() of SQLite and
		/// PostgreSQL then agree with Poco::toLower).

private:
	Persistence::Database& _database;
	const std::string _findImport;
	const std::string _phoneHolder;
	const std::string _usernameHolder;
	const std::string _update;
	const std::string _updateWithPassword;
	const std::string _fillEmpty;
	const std::string _countLegacy;
	const std::string _dropLegacy;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_ImportStore_INCLUDED
