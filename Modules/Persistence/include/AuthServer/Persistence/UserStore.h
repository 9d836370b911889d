//
// UserStore.h
//
// The users table.
//


#ifndef AuthServer_Persistence_UserStore_INCLUDED
#define AuthServer_Persistence_UserStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/User.h"
#include "Poco/Data/Session.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Persistence {


class GramPlanner;
class PgGramPlanner;


class UserStore
	/// Reads and writes users with bound parameters. Throws
	/// Poco::Data::DataException on database failure.
{
public:
	explicit UserStore(Database& database);

	~UserStore();

	Poco::Int64 insert(User& user);
		/// Inserts user (id ignored), sets and returns user.id. Throws
		/// Poco::Data::DataException on a unique violation (email, phone).

	Poco::Int64 insert(Poco::Data::Session& db, User& user);
		/// As insert(User&), on the caller's write transaction (a
		/// Database::write() unit), so further rows commit with it.

	std::optional<User> findById(Poco::Int64 id);

	std::optional<User> findByEmail(const std::string& lowerCaseEmail);
		/// Returns the account that has proven lowerCaseEmail, else the
		/// newest account with a pending (unproven) claim on it, else none.

	std::optional<User> findByPhone(const std::string& e164);
		/// As findByEmail for a phone number in E.164.

	std::optional<User> findByProvenEmail(const std::string& lowerCaseEmail);
		/// Returns the one account that has proven lowerCaseEmail (unique),
		/// never a pending claim.

	std::optional<User> findByProvenPhone(const std::string& e164);
		/// As findByProvenEmail for a phone number.

	std::vector<User> emailClaimants(const std::string& lowerCaseEmail);
		/// Returns every account holding lowerCaseEmail, proven or pending:
		/// the proven holder first, then the pending claims newest first.

	std::vector<User> phoneClaimants(const std::string& e164);
		/// As emailClaimants for a phone number.

	std::vector<Poco::Int64> releaseEmail(const std::string& lowerCaseEmail, Poco::Int64 keepUserId, Poco::Int64 at);
		/// Removes lowerCaseEmail, proven or pending, from every account but
		/// keepUserId (whoever proves an identifier takes it, Migrations
		/// 0003) and returns the ids of the accounts that lost it.

	std::vector<Poco::Int64> releasePhone(const std::string& e164, Poco::Int64 keepUserId, Poco::Int64 at);
		/// As releaseEmail for a phone number; an account that loses its
		/// number also gets otp_channel "email" back.

	void update(const User& user);
		/// Writes every column but id, created_at and the last-login pair.
		/// user.email and user.phoneNumber go to the proven (unique) column
		/// when emailVerified / phoneVerified, else to the pending one.
		/// Throws Poco::Data::DataException when another account has proven
		/// the same email or number.

	void recordLogin(Poco::Int64 id, Poco::Int64 at, const std::string& ip);
		/// Sets last_login_at and last_login_ip.

	void recordLogin(Poco::Data::Session& db, Poco::Int64 id, Poco::Int64 at, const std::string& ip);
		/// Sets last_login_at and last_login_ip on db, inside the caller's
		/// open transaction.

	void setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at);
		/// Replaces the password hash.

	bool replacePasswordHash(Poco::Data::Session& db, Poco::Int64 id, const std::string& expected, const std::string& phc, Poco::Int64 at);
		/// Replaces the password hash on db (inside the caller's transaction)
		/// only while it still equals expected; returns whether it did (a
		/// concurrent change or reset wins over a rehash).

	bool markEmailVerified(Poco::Int64 id, Poco::Int64 at);
		/// Moves the account's pending email claim to its proven email and
		/// sets email_verified; returns false when the account has no
		/// pending email (already proven or none). Throws
		/// Poco::Data::DataException when another account has proven it.

	std::vector<User> search(const std::string& query, Poco::Int64 afterId, std::size_t offset, std::size_t limit);
		/// Returns at most limit users with id > afterId (0: from the
		/// first), skipping offset of them, by id, whose email, full_name
		/// or phone_number contains query case-insensitively (the back
		/// end's lower() on both: ASCII letters on SQLite, every letter on
		/// PostgreSQL; every user for an empty query). afterId is the keyset
		/// cursor: a deep page read through it costs what the first page
		/// does, where offset reads and drops every row before it. The
		/// query is bound as a LIKE pattern with its %, _ and ! escaped,
		/// never spliced into the SQL (OWASP ASVS 5.3.4). A query of 5 or
		/// more characters is served by the gram index of migration 0015:
		/// on SQLite the users holding both of its two rarest 5-character
		/// grams (GramPlanner), in id order, on PostgreSQL the GIN index on the gram hashes of
		/// the row (the three rarest hashes of the query: PgGramPlanner;
		/// for a query fewer than 10,000 users hold through
		/// user_search_rare of migration 0016, whose plan is generic, for
		/// a broader one planned with its values); each candidate is then
		/// checked with the same LIKE, so a page reads a few short id lists
		/// and about limit matches. A query of 3 or 4 characters is served
		/// by the trigram indexes of migration 0006 (FTS5 on SQLite,
		/// pg_trgm on PostgreSQL); one of 2 characters by the index of
		/// every 2-character substring of migration 0018 (on SQLite the
		/// query's own token; on PostgreSQL, when fewer than 10,000 users
		/// hold its hash, through user_search_pairs_rare, else a walk of
		/// users by id with the LIKE that stops at limit matches); one of
		/// 1 character walks at most CHARACTER_WALK users by id with the
		/// LIKE, and when fewer than offset + limit of them match (a rare
		/// character) reads its holders from migration 0020's index (on
		/// SQLite an FTS5 prefix query on the pair index, which holds each
		/// value's last character too; on PostgreSQL the GIN index of each
		/// user's characters).

	static constexpr std::size_t TRIGRAM_MIN_LENGTH = 3;
		/// Characters (code points) a trigram index needs.

	static constexpr std::size_t PAIR_LENGTH = 2;
		/// Characters (code points) of the substrings migration 0018
		/// indexes: a query of exactly this length is served there.

	static constexpr Poco::Int64 CHARACTER_WALK = 4096;
		/// Users a query of 1 character walks by id (from the keyset
		/// bound) before its page turns to the index of migration 0020,
		/// and over which count() measures how common the character is.
		/// A character every 200th user holds fills a page of 20 within
		/// it; a rarer one is read from the index, whose cost follows its
		/// holders (FTS5 merges the id lists of every token starting with
		/// it, GIN builds the bitmap of every holder), not the table.

	Poco::Int64 count(const std::string& query, Poco::Int64 limit);
		/// Returns how many users search(query, 0, ...) matches, counting
		/// at most limit of them (min(matches, limit)): the count stops
		/// there instead of reading every match of a broad query. Read as
		/// search() reads (a rare query on PostgreSQL through
		/// user_search_rare_count, a query of 2 characters through
		/// user_search_pairs_count however common, a query of 1 character
		/// by a walk of users when at least an eighth of the first
		/// CHARACTER_WALK users hold it, else through migration 0020's
		/// index), except a query of 5 or more characters
		/// on PostgreSQL whose rarest gram hash 1 % or more of users hold:
		/// the LIKE alone (pg_trgm), whose rows PostgreSQL would otherwise
		/// check by computing their gram hashes one by one.

	void remove(Poco::Int64 id);
		/// Deletes the user (its sessions, tokens and codes cascade). Used
		/// only for the placeholder row that consumes an id when a taken
		/// email registers under auth.preventEnumeration.

private:
	std::optional<User> findOne(const std::string& sql, const std::string& value, bool twice);
	std::vector<User> findAll(const std::string& sql, const std::string& value);
	struct Plan
		/// How search and count read the index for one query.
	{
		enum Path { ALL, GRAMS, TRIGRAMS, PAIRS, CHARACTER, SCAN } path = SCAN;
		std::string pattern;
			/// The LIKE pattern of the query.
		std::string rare;
			/// GRAMS: the FTS5 MATCH text of the two rarest grams (SQLite)
			/// or their hashes as an integer[] literal (PostgreSQL);
			/// TRIGRAMS: the FTS5 phrase of the query; PAIRS: the FTS5
			/// token of the query (SQLite) or its hash as an integer[]
			/// literal (PostgreSQL); CHARACTER: the FTS5 prefix query of
			/// the character's token (SQLite) or the character itself
			/// (PostgreSQL, lowered by the SQL).
		double holders = 0;
			/// GRAMS and PAIRS on PostgreSQL: the estimated number of users
			/// holding the rarest chosen hash (PgGramPlanner::Choice::holders).
	};

	Plan plan(Poco::Data::Session& session, const std::string& query);
		/// Chooses the path for query; on SQLite probes the gram index
		/// for the counts GramPlanner does not remember.

	Database& _database;
	const std::string _insert;
	const std::string _byId;
	const std::string _byEmail;
	const std::string _byPhone;
	const std::string _byProvenEmail;
	const std::string _byProvenPhone;
	const std::string _emailClaimants;
	const std::string _phoneClaimants;
	const std::string _update;
	const std::string _recordLogin;
	const std::string _setPassword;
	const std::string _replacePassword;
	const std::string _remove;
	const std::string _markEmailVerified;
	const std::string _releaseEmail;
	const std::string _releasePhone;
	const std::string _searchAll;
	const std::string _countAll;
	const std::string _searchMatching;
	const std::string _countMatching;
	const std::string _searchIndexed;
	const std::string _countIndexed;
	const std::string _searchGrams;
	const std::string _countGrams;
	const std::string _searchRare;
	const std::string _countRare;
	const std::string _searchPairs;
	const std::string _countPairs;
	const std::string _walkMatching;
	const std::string _walkCount;
	const std::string _searchCharacter;
	const std::string _countCharacter;
	const std::string _probeGram;
	std::unique_ptr<GramPlanner> _pPlanner;
	std::unique_ptr<PgGramPlanner> _pPgPlanner;
	std::unique_ptr<PgGramPlanner> _pPgPairPlanner;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_UserStore_INCLUDED
