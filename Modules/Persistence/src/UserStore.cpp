//
// UserStore.cpp
//


#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "AuthServer/Persistence/PgRowReader.h"
#include "RowReader.h"
#include "SqliteConnection.h"
#include "GramPlanner.h"
#include "PgGramPlanner.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"
#include "Poco/NumberFormatter.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	const std::string COLUMNS =
		"id, email, phone_number, password_hash, full_name, role, is_active, email_verified, phone_verified, "
		"bio, location, birth_date, avatar_url, company_name, needs_profile_completion, otp_login_enabled, "
		"otp_channel, created_at, updated_at, last_login_at, last_login_ip, pending_email, pending_phone, username";

	// Case-insensitive substring match of one bound pattern on the three
	// identity columns of the users row called alias; '!' escapes LIKE
	// wildcards typed by the caller. Standard SQL (lower(), LIKE ...
	// ESCAPE), so SQLite and PostgreSQL alike. The pattern is lowered by
	// the same lower() as the column: PostgreSQL's folds non-ASCII letters
	// too, so a stored "Élise" lowered to "élise" never met the pattern
	// "%Élise%" lowered in C++ (ASCII only).
	std::string matches(const std::string& alias)
	{
		return "(lower(COALESCE(" + alias + "email, " + alias + "pending_email, '')) LIKE lower(?) ESCAPE '!' "
			"OR lower(" + alias + "full_name) LIKE lower(?) ESCAPE '!' "
			"OR COALESCE(" + alias + "phone_number, " + alias + "pending_phone, '') LIKE ? ESCAPE '!')";
	}

	std::string qualifiedColumns(const std::string& alias)
	{
		// "u.id AS id, u.email AS email, ...": the FTS5 table has columns
		// of the same names, and readUser reads the result by name.
		std::string out;
		Poco::StringTokenizer names(COLUMNS, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& name: names)
			out += (out.empty() ? "" : ", ") + alias + name + " AS " + name;
		return out;
	}

	// Migration 0006 (SQLite): the trigram FTS5 index yields candidates
	// in rowid (= users.id) order and takes the keyset bound (rowid > ?)
	// itself, so a page reads page_size + 1 matches and stops, however
	// many rows match; matches() then keeps exactly the rows the scan
	// would (the FTS5 case folding is Unicode-wide, LIKE's ASCII-only).
	// It serves q of 3 or 4 characters.
	const std::string INDEXED_FROM =
		" FROM users_search s JOIN users u ON u.id = s.rowid WHERE users_search MATCH ? AND ";

	// Migration 0015 (SQLite): the users holding q's two rarest grams,
	// from the FTS5 gram index in rowid (= users.id) order from the keyset
	// bound on; matches() checks each. Serves q of GramPlanner::GRAM or
	// more characters.
	const std::string GRAMS_FROM =
		" FROM user_search_grams g JOIN users u ON u.id = g.rowid WHERE user_search_grams MATCH ? AND ";

	// Migration 0018 (SQLite): the users holding q, a text of 2
	// characters, as one token of the FTS5 index of every 2-character
	// substring, in rowid (= users.id) order from the keyset bound on;
	// matches() checks each, as for GRAMS_FROM.
	const std::string PAIRS_FROM =
		" FROM user_search_pairs h JOIN users u ON u.id = h.rowid WHERE user_search_pairs MATCH ? AND ";

	// Migration 0020 (PostgreSQL): the users holding the character bound
	// (lowered by lower(), as the LIKE is), from the GIN index of each
	// user's characters, in a sub-select nothing is pushed into (OFFSET 0)
	// so that the bitmap of those few holders is read alone, as in 0016;
	// the expression is the index's own.
	const std::string PG_CHARACTER_HOLDERS =
		"(SELECT * FROM users WHERE string_to_array(lower(COALESCE(email, pending_email, '') || full_name || "
		"COALESCE(phone_number, pending_phone, '')), NULL) @> string_to_array(lower(?), NULL) OFFSET 0) u";

	// The first CHARACTER_WALK users by id from the keyset bound (a 1-character
	// query's walk, bounded).
	const std::string WALKED = "(SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?) u";

	// Migration 0015 (PostgreSQL): the GIN index on the gram hashes of the
	// searched values; the row's set must hold every gram hash of q.
	const std::string PG_GRAMS_MATCH =
		"user_search_grams(COALESCE(email, pending_email, ''), full_name, COALESCE(phone_number, pending_phone, '')) "
		"@> ?::integer[] AND ";
	// On PostgreSQL a q is rare when fewer than this many users hold its
	// rarest chosen gram hash (estimated from the statistics): its page
	// and count are read through the functions of migration 0016 (the gram
	// bitmap alone, a generic plan kept per connection), whose cost
	// follows the size of that bitmap, not of the table. A broad q is
	// planned with its values: its page walks users by id, its count is
	// the LIKE alone, which stops at the limit. The bound is 1 % of 10^6
	// users; a table smaller than it has no broad q.
	constexpr double PG_RARE_HOLDERS = 10000;

	std::size_t codePoints(const std::string& text)
	{
		std::size_t n = 0;
		for (char c: text)
			if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
		return n;
	}

	std::string ftsPhrase(const std::string& query)
	{
		// An FTS5 string: the text between double quotes, each '"' doubled.
		std::string phrase = "\"";
		for (char c: query)
		{
			if (c == '"') phrase += '"';
			phrase += c;
		}
		return phrase + "\"";
	}

	std::string gramToken(const std::string& gram)
	{
		// A gram as migration 0015 stores it: hex() of its UTF-8 bytes
		// (upper case, two digits a byte), in double quotes (an FTS5
		// string; hex digits need no escaping).
		std::string token = "\"";
		for (char c: gram) Poco::NumberFormatter::appendHex(token, static_cast<unsigned>(static_cast<unsigned char>(c)), 2);
		return token + "\"";
	}

	std::string likePattern(const std::string& query)
	{
		std::string pattern = "%";
		for (char c: query)
		{
			if (c == '%' || c == '_' || c == '!') pattern += '!';
			pattern += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
		}
		pattern += '%';
		return pattern;
	}

	Poco::Nullable<std::string> nullable(const std::optional<std::string>& value)
	{
		return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
	}

	template <class Row>
	User readUserRow(const Row& r)
		/// Row: RowReader or SqliteConnection::Query, on a COLUMNS result.
	{
		User u;
		u.id = r.int64("id");
		// Proven identifiers live in email / phone_number, pending claims in
		// pending_email / pending_phone (Migrations 0003).
		u.email = r.optStr("email");
		u.emailVerified = u.email.has_value();
		if (!u.email) u.email = r.optStr("pending_email");
		u.phoneNumber = r.optStr("phone_number");
		u.phoneVerified = u.phoneNumber.has_value();
		if (!u.phoneNumber) u.phoneNumber = r.optStr("pending_phone");
		u.passwordHash = r.optStr("password_hash");
		u.fullName = r.str("full_name");
		u.role = r.str("role");
		u.isActive = r.boolean("is_active");
		u.bio = r.str("bio");
		u.location = r.str("location");
		u.birthDate = r.optStr("birth_date");
		u.avatarUrl = r.str("avatar_url");
		u.companyName = r.optStr("company_name");
		u.needsProfileCompletion = r.boolean("needs_profile_completion");
		u.otpLoginEnabled = r.boolean("otp_login_enabled");
		u.otpChannel = r.str("otp_channel");
		u.createdAt = r.int64("created_at");
		u.updatedAt = r.int64("updated_at");
		u.lastLoginAt = r.optInt64("last_login_at");
		u.lastLoginIp = r.optStr("last_login_ip");
		u.username = r.optStr("username");
		return u;
	}

	User readUser(Poco::Data::RecordSet& rs, std::size_t row = 0)
	{
		return readUserRow(RowReader(rs, row));
	}

	std::vector<User> readUsers(Poco::Data::Statement& executed)
		/// Every row of an executed statement on COLUMNS, in order.
	{
		Poco::Data::RecordSet rs(executed);
		std::vector<User> users;
		users.reserve(rs.rowCount());
		for (std::size_t row = 0; row < rs.rowCount(); ++row) users.push_back(readUser(rs, row));
		return users;
	}

	std::optional<User> readFirstPg(const std::vector<PgConnection::Row>& rows)
		/// The first row of a PgConnection result on COLUMNS, if any.
	{
		static const PgRowReader::Columns columns(COLUMNS);
		if (rows.empty()) return std::nullopt;
		return readUserRow(PgRowReader(rows.front(), columns));
	}

	PgConnection::Value pgValue(const Poco::Nullable<std::string>& value)
	{
		return value.isNull() ? PgConnection::Value() : PgConnection::Value(value.value());
	}

	PgConnection::Value pgValue(const std::optional<std::string>& value)
	{
		return value ? PgConnection::Value(*value) : PgConnection::Value();
	}

	bool onPostgres(Database& database, Poco::Data::Session& db)
	{
		return database.dialect() == Database::Dialect::PostgreSQL && PgConnection::isPostgres(db);
	}

	struct Columns
		/// A user's identifiers split into the proven column and the pending one.
	{
		explicit Columns(const User& user):
			email(user.emailVerified ? nullable(user.email) : Poco::Nullable<std::string>()),
			pendingEmail(user.emailVerified ? Poco::Nullable<std::string>() : nullable(user.email)),
			phone(user.phoneVerified ? nullable(user.phoneNumber) : Poco::Nullable<std::string>()),
			pendingPhone(user.phoneVerified ? Poco::Nullable<std::string>() : nullable(user.phoneNumber)),
			emailVerified(user.emailVerified && user.email),
			phoneVerified(user.phoneVerified && user.phoneNumber)
		{
		}

		Poco::Nullable<std::string> email;
		Poco::Nullable<std::string> pendingEmail;
		Poco::Nullable<std::string> phone;
		Poco::Nullable<std::string> pendingPhone;
		int emailVerified;
		int phoneVerified;
	};

	std::string holderFirst(const std::string& provenColumn)
	{
		return " ORDER BY CASE WHEN " + provenColumn + " IS NULL THEN 1 ELSE 0 END, id DESC";
	}
}


UserStore::UserStore(Database& database):
	_database(database),
	_insert(database.sql(
		"INSERT INTO users (email, phone_number, password_hash, full_name, role, is_active, email_verified, phone_verified, "
		"bio, location, birth_date, avatar_url, company_name, needs_profile_completion, otp_login_enabled, otp_channel, "
		"created_at, updated_at, pending_email, pending_phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")),
	_byId(database.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?")),
	_byEmail(database.sql("SELECT " + COLUMNS + " FROM users WHERE email = ? OR pending_email = ?" + holderFirst("email") + " LIMIT 1")),
	_byPhone(database.sql("SELECT " + COLUMNS + " FROM users WHERE phone_number = ? OR pending_phone = ?" + holderFirst("phone_number") + " LIMIT 1")),
	_byProvenEmail(database.sql("SELECT " + COLUMNS + " FROM users WHERE email = ?")),
	_byProvenPhone(database.sql("SELECT " + COLUMNS + " FROM users WHERE phone_number = ?")),
	_emailClaimants(database.sql("SELECT " + COLUMNS + " FROM users WHERE email = ? OR pending_email = ?" + holderFirst("email"))),
	_phoneClaimants(database.sql("SELECT " + COLUMNS + " FROM users WHERE phone_number = ? OR pending_phone = ?" + holderFirst("phone_number"))),
	_update(database.sql(
		"UPDATE users SET email = ?, phone_number = ?, password_hash = ?, full_name = ?, role = ?, is_active = ?, "
		"email_verified = ?, phone_verified = ?, bio = ?, location = ?, birth_date = ?, avatar_url = ?, company_name = ?, "
		"needs_profile_completion = ?, otp_login_enabled = ?, otp_channel = ?, updated_at = ?, pending_email = ?, pending_phone = ? "
		"WHERE id = ?")),
	_recordLogin(database.sql("UPDATE users SET last_login_at = ?, last_login_ip = ? WHERE id = ?")),
	_setPassword(database.sql("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")),
	_replacePassword(database.sql("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?")),
	_remove(database.sql("DELETE FROM users WHERE id = ?")),
	_markEmailVerified(database.sql(
		"UPDATE users SET email = pending_email, pending_email = NULL, email_verified = 1, updated_at = ? "
		"WHERE id = ? AND pending_email IS NOT NULL")),
	_releaseEmail(database.sql(
		"UPDATE users SET email = NULL, pending_email = NULL, email_verified = 0, updated_at = ? "
		"WHERE (email = ? OR pending_email = ?) AND id <> ?")),
	_releasePhone(database.sql(
		"UPDATE users SET phone_number = NULL, pending_phone = NULL, phone_verified = 0, otp_channel = 'email', updated_at = ? "
		"WHERE (phone_number = ? OR pending_phone = ?) AND id <> ?")),
	_searchAll(database.sql("SELECT " + COLUMNS + " FROM users WHERE id > ? ORDER BY id LIMIT ? OFFSET ?")),
	_countAll(database.sql("SELECT COUNT(*) FROM (SELECT 1 FROM users LIMIT ?) AS capped")),
	_searchMatching(database.sql("SELECT " + COLUMNS + " FROM users WHERE id > ? AND " + matches("") + " ORDER BY id LIMIT ? OFFSET ?")),
	_countMatching(database.sql("SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE " + matches("") + " LIMIT ?) AS capped")),
	_searchIndexed(database.sql("SELECT " + qualifiedColumns("u.") + INDEXED_FROM + "s.rowid > ? AND " + matches("u.") + " ORDER BY s.rowid LIMIT ? OFFSET ?")),
	_countIndexed(database.sql("SELECT COUNT(*) FROM (SELECT 1" + INDEXED_FROM + matches("u.") + " LIMIT ?) AS capped")),
	_searchGrams(database.dialect() == Database::Dialect::PostgreSQL
		? database.sql("SELECT " + COLUMNS + " FROM users WHERE id > ? AND " + PG_GRAMS_MATCH + matches("") + " ORDER BY id LIMIT ? OFFSET ?")
		: database.sql("SELECT " + qualifiedColumns("u.") + GRAMS_FROM + "g.rowid > ? AND " + matches("u.") + " ORDER BY g.rowid LIMIT ? OFFSET ?")),
	_countGrams(database.sql("SELECT COUNT(*) FROM (SELECT 1" + GRAMS_FROM + matches("u.") + " LIMIT ?) AS capped")),
	_searchRare(database.sql("SELECT " + COLUMNS + " FROM user_search_rare(?::bigint, ?::integer[], ?, ?::bigint, ?::bigint)")),
	_countRare(database.sql("SELECT user_search_rare_count(?::integer[], ?, ?::bigint)")),
	_searchPairs(database.dialect() == Database::Dialect::PostgreSQL
		? database.sql("SELECT " + COLUMNS + " FROM user_search_pairs_rare(?::bigint, ?::integer[], ?, ?::bigint, ?::bigint)")
		: database.sql("SELECT " + qualifiedColumns("u.") + PAIRS_FROM + "h.rowid > ? AND " + matches("u.") + " ORDER BY h.rowid LIMIT ? OFFSET ?")),
	_countPairs(database.dialect() == Database::Dialect::PostgreSQL
		? database.sql("SELECT user_search_pairs_count(?::integer[], ?, ?::bigint)")
		: database.sql("SELECT COUNT(*) FROM (SELECT 1" + PAIRS_FROM + matches("u.") + " LIMIT ?) AS capped")),
	_walkMatching(database.sql("SELECT " + qualifiedColumns("u.") + " FROM " + WALKED + " WHERE " + matches("u.") + " ORDER BY u.id LIMIT ? OFFSET ?")),
	_walkCount(database.sql("SELECT COUNT(*) FROM " + WALKED + " WHERE " + matches("u."))),
	// On SQLite the pair statements serve a character too, with a prefix query.
	_searchCharacter(database.dialect() == Database::Dialect::PostgreSQL
		? database.sql("SELECT " + qualifiedColumns("u.") + " FROM " + PG_CHARACTER_HOLDERS + " WHERE u.id > ? AND " + matches("u.") + " ORDER BY u.id LIMIT ? OFFSET ?")
		: _searchPairs),
	_countCharacter(database.dialect() == Database::Dialect::PostgreSQL
		? database.sql("SELECT COUNT(*) FROM (SELECT 1 FROM " + PG_CHARACTER_HOLDERS + " WHERE " + matches("u.") + " LIMIT ?) AS capped")
		: _countPairs),
	_probeGram(database.sql("SELECT COUNT(*) FROM (SELECT 1 FROM user_search_grams WHERE user_search_grams MATCH ? LIMIT ?) AS capped")),
	_pPlanner(new GramPlanner),
	_pPgPlanner(new PgGramPlanner),
	_pPgPairPlanner(new PgGramPlanner("user_search_pairs", "users_search_pairs"))
{
}


UserStore::~UserStore() = default;


UserStore::Plan UserStore::plan(Poco::Data::Session& session, const std::string& query)
{
	Plan p;
	p.pattern = likePattern(query);
	std::size_t characters = codePoints(query);
	auto rankOnPostgres = [&](PgGramPlanner& planner, std::size_t count)
	{
		PgConnection connection(session);
		PgGramPlanner::Choice choice = planner.rarest(connection, query, count);
		p.rare = choice.hashes;
		p.holders = choice.holders;
	};
	if (query.empty()) p.path = Plan::ALL;
	else if (characters >= GramPlanner::GRAM)
	{
		p.path = Plan::GRAMS;
		if (_database.dialect() == Database::Dialect::PostgreSQL)
			rankOnPostgres(*_pPgPlanner, 3); // the three rarest gram hashes
		else
		{
			// The users holding both of the two rarest grams (an FTS5 AND).
			for (const std::string& gram: _pPlanner->rarest(query, 2, [&](const std::string& gram)
				{
					Poco::Int64 users = 0, limit = GramPlanner::PROBE_LIMIT;
					std::string term = gramToken(gram);
					session << _probeGram, bind(term), bind(limit), into(users), now;
					return users;
				}))
				p.rare += (p.rare.empty() ? "" : " ") + gramToken(gram);
		}
	}
	else if (characters >= TRIGRAM_MIN_LENGTH)
	{
		// pg_trgm serves the LIKE itself on PostgreSQL.
		if (_database.dialect() == Database::Dialect::SQLite)
		{
			p.path = Plan::TRIGRAMS;
			p.rare = ftsPhrase(query);
		}
		else p.path = Plan::SCAN;
	}
	else if (characters == PAIR_LENGTH)
	{
		p.path = Plan::PAIRS;
		if (_database.dialect() == Database::Dialect::PostgreSQL)
			rankOnPostgres(*_pPgPairPlanner, 1); // q's hash, and how many users hold it
		else p.rare = gramToken(Poco::toLower(query)); // as lower() in migration 0018: ASCII letters
	}
	else
	{
		p.path = Plan::CHARACTER;
		if (_database.dialect() == Database::Dialect::PostgreSQL) p.rare = query;
		else p.rare = gramToken(Poco::toLower(query)) + " *"; // its token, and every pair it starts (migration 0020)
	}
	return p;
}


Poco::Int64 UserStore::insert(User& user)
{
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		insert(session, user);
	});
	return user.id;
}


Poco::Int64 UserStore::insert(Poco::Data::Session& db, User& user)
{
	Poco::Int64 id = 0;
	Columns c(user);
	int isActive = user.isActive;
	int needsCompletion = user.needsProfileCompletion, otpLogin = user.otpLoginEnabled;
	if (onPostgres(_database, db))
	{
		std::vector<PgConnection::Row> rows = PgConnection(db).execute(_insert, {pgValue(c.email), pgValue(c.phone), pgValue(user.passwordHash),
			user.fullName, user.role, std::to_string(isActive), std::to_string(c.emailVerified), std::to_string(c.phoneVerified),
			user.bio, user.location, pgValue(user.birthDate), user.avatarUrl, pgValue(user.companyName), std::to_string(needsCompletion),
			std::to_string(otpLogin), user.otpChannel, std::to_string(user.createdAt), std::to_string(user.updatedAt),
			pgValue(c.pendingEmail), pgValue(c.pendingPhone)});
		if (!rows.empty() && rows.front()[0]) id = std::stoll(*rows.front()[0]);
		user.id = id;
		return id;
	}
	db << _insert,
		bind(c.email), bind(c.phone), bind(nullable(user.passwordHash)),
		bind(user.fullName), bind(user.role), bind(isActive), bind(c.emailVerified), bind(c.phoneVerified),
		bind(user.bio), bind(user.location), bind(nullable(user.birthDate)), bind(user.avatarUrl),
		bind(nullable(user.companyName)), bind(needsCompletion), bind(otpLogin), bind(user.otpChannel),
		bind(user.createdAt), bind(user.updatedAt), bind(c.pendingEmail), bind(c.pendingPhone), into(id), now;
	user.id = id;
	return id;
}


void UserStore::remove(Poco::Int64 id)
{
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		session << _remove, bind(id), now;
	});
}


std::optional<User> UserStore::findOne(const std::string& sql, const std::string& value, bool twice)
{
	Poco::Data::Session session = _database.session();
	if (onPostgres(_database, session))
		return readFirstPg(twice ? PgConnection(session).execute(sql, {value, value}) : PgConnection(session).execute(sql, {value}));
	Poco::Data::Statement select(session);
	if (twice) select << sql, bind(value), bind(value);
	else select << sql, bind(value);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readUser(rs);
}


std::optional<User> UserStore::findById(Poco::Int64 id)
{
	if (_database.preparedReads())
	{
		std::optional<User> found;
		_database.readSqlite([&](SqliteConnection& c)
		{
			SqliteConnection::Query r(c, _byId);
			r.bind(id);
			if (r.next()) found = readUserRow(r);
		});
		return found;
	}
	Poco::Data::Session session = _database.session();
	if (onPostgres(_database, session)) return readFirstPg(PgConnection(session).execute(_byId, {std::to_string(id)}));
	Poco::Data::Statement select(session);
	select << _byId, bind(id);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readUser(rs);
}


std::optional<User> UserStore::findByEmail(const std::string& lowerCaseEmail)
{
	return findOne(_byEmail, lowerCaseEmail, true);
}


std::optional<User> UserStore::findByPhone(const std::string& e164)
{
	return findOne(_byPhone, e164, true);
}


std::optional<User> UserStore::findByProvenEmail(const std::string& lowerCaseEmail)
{
	return findOne(_byProvenEmail, lowerCaseEmail, false);
}


std::optional<User> UserStore::findByProvenPhone(const std::string& e164)
{
	return findOne(_byProvenPhone, e164, false);
}


std::vector<User> UserStore::findAll(const std::string& sql, const std::string& value)
{
	Poco::Data::Session session = _database.session();
	Poco::Data::Statement select(session);
	select << sql, bind(value), bind(value);
	select.execute();
	return readUsers(select);
}


std::vector<User> UserStore::emailClaimants(const std::string& lowerCaseEmail)
{
	return findAll(_emailClaimants, lowerCaseEmail);
}


std::vector<User> UserStore::phoneClaimants(const std::string& e164)
{
	return findAll(_phoneClaimants, e164);
}


std::vector<Poco::Int64> UserStore::releaseEmail(const std::string& lowerCaseEmail, Poco::Int64 keepUserId, Poco::Int64 at)
{
	std::vector<Poco::Int64> losers;
	for (const User& u: emailClaimants(lowerCaseEmail))
		if (u.id != keepUserId) losers.push_back(u.id);
	if (losers.empty()) return losers;
	std::string value = lowerCaseEmail;
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		session << _releaseEmail, bind(at), bind(value), bind(value), bind(keepUserId), now;
	});
	return losers;
}


std::vector<Poco::Int64> UserStore::releasePhone(const std::string& e164, Poco::Int64 keepUserId, Poco::Int64 at)
{
	std::vector<Poco::Int64> losers;
	for (const User& u: phoneClaimants(e164))
		if (u.id != keepUserId) losers.push_back(u.id);
	if (losers.empty()) return losers;
	std::string value = e164;
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		session << _releasePhone, bind(at), bind(value), bind(value), bind(keepUserId), now;
	});
	return losers;
}


void UserStore::update(const User& user)
{
	Columns c(user);
	int isActive = user.isActive;
	int needsCompletion = user.needsProfileCompletion, otpLogin = user.otpLoginEnabled;
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		if (onPostgres(_database, session))
		{
			PgConnection(session).execute(_update, {pgValue(c.email), pgValue(c.phone), pgValue(user.passwordHash),
				user.fullName, user.role, std::to_string(isActive), std::to_string(c.emailVerified), std::to_string(c.phoneVerified),
				user.bio, user.location, pgValue(user.birthDate), user.avatarUrl, pgValue(user.companyName), std::to_string(needsCompletion),
				std::to_string(otpLogin), user.otpChannel, std::to_string(user.updatedAt), pgValue(c.pendingEmail), pgValue(c.pendingPhone),
				std::to_string(user.id)});
			return;
		}
		session << _update,
			bind(c.email), bind(c.phone), bind(nullable(user.passwordHash)),
			bind(user.fullName), bind(user.role), bind(isActive), bind(c.emailVerified), bind(c.phoneVerified),
			bind(user.bio), bind(user.location), bind(nullable(user.birthDate)), bind(user.avatarUrl),
			bind(nullable(user.companyName)), bind(needsCompletion), bind(otpLogin), bind(user.otpChannel),
			bind(user.updatedAt), bind(c.pendingEmail), bind(c.pendingPhone), bind(user.id), now;
	});
}


void UserStore::recordLogin(Poco::Int64 id, Poco::Int64 at, const std::string& ip)
{
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		recordLogin(session, id, at, ip);
	});
}


void UserStore::recordLogin(Poco::Data::Session& db, Poco::Int64 id, Poco::Int64 at, const std::string& ip)
{
	if (onPostgres(_database, db))
	{
		PgConnection(db).execute(_recordLogin, {std::to_string(at), ip, std::to_string(id)});
		return;
	}
	db << _recordLogin, bind(at), bind(ip), bind(id), now;
}


void UserStore::setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at)
{
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		if (onPostgres(_database, session)) PgConnection(session).update(_setPassword, {phc, std::to_string(at), std::to_string(id)});
		else session << _setPassword, bind(phc), bind(at), bind(id), now;
	});
}


bool UserStore::replacePasswordHash(Poco::Data::Session& db, Poco::Int64 id, const std::string& expected, const std::string& phc, Poco::Int64 at)
{
	if (onPostgres(_database, db))
		return PgConnection(db).update(_replacePassword, {phc, std::to_string(at), std::to_string(id), expected}) > 0;
	Poco::Data::Statement update(db);
	update << _replacePassword, bind(phc), bind(at), bind(id), bind(expected);
	return update.execute() > 0;
}


bool UserStore::markEmailVerified(Poco::Int64 id, Poco::Int64 at)
{
	bool marked = false;
	_database.writeStatement([&](Poco::Data::Session& session)
	{
		if (onPostgres(_database, session))
		{
			marked = PgConnection(session).update(_markEmailVerified, {std::to_string(at), std::to_string(id)}) > 0;
			return;
		}
		Poco::Data::Statement update(session);
		update << _markEmailVerified, bind(at), bind(id);
		marked = update.execute() > 0;
	});
	return marked;
}


std::vector<User> UserStore::search(const std::string& query, Poco::Int64 afterId, std::size_t offset, std::size_t limit)
{
	Poco::Data::Session session = _database.session();
	Poco::Data::Statement select(session);
	Poco::Int64 after = afterId, lim = static_cast<Poco::Int64>(limit), off = static_cast<Poco::Int64>(offset);
	Plan p = plan(session, query);
	const std::string& pattern = p.pattern;
	// A 2-character q many users hold: the walk by id with the LIKE
	// stops at the page (user_search_pairs_rare would read and sort every
	// holder first).
	if (p.path == Plan::PAIRS && _database.dialect() == Database::Dialect::PostgreSQL && p.holders >= PG_RARE_HOLDERS)
		p.path = Plan::SCAN;
	if (p.path == Plan::CHARACTER)
	{
		// A character that offset + limit of the first CHARACTER_WALK
		// users from the bound hold is answered by that walk (the rows a
		// walk of the whole table would give first); a rarer one is read
		// from migration 0020's index, whose cost follows its holders.
		Poco::Data::Statement walk(session);
		Poco::Int64 span = CHARACTER_WALK;
		walk << _walkMatching, bind(after), bind(span), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		walk.execute();
		std::vector<User> walked = readUsers(walk);
		if (walked.size() == limit) return walked;
	}
	if ((p.path == Plan::ALL || p.path == Plan::GRAMS || p.path == Plan::PAIRS) && onPostgres(_database, session))
	{
		// One round trip, where a POCO statement takes four. The list
		// without q and a rare q (user_search_rare, migration 0016, whose
		// plan is generic) are prepared once per connection. A broad q is
		// planned with its gram hashes each time (executeOnce): prepared,
		// PostgreSQL kept a generic plan after five of them, which reads
		// every user holding q's hashes through a bitmap and checks each
		// (111,112 rows for "Person 1" at 10^6 users: 2.1 s alone, 9 to
		// 12 s under load), where the plan made for q walks users by id
		// and stops at the page (0.5 ms, 0.4 ms of planning).
		// The trigram and scan paths stay POCO statements, planned for
		// each q, since a generic plan of a LIKE cannot tell a rare
		// 3-character q from a common one.
		static const PgRowReader::Columns columns(COLUMNS);
		std::vector<PgConnection::Row> rows = p.path == Plan::ALL
			? PgConnection(session).execute(_searchAll, {std::to_string(after), std::to_string(lim), std::to_string(off)})
			: p.path == Plan::PAIRS
			? PgConnection(session).execute(_searchPairs, {std::to_string(after), p.rare, pattern, std::to_string(lim), std::to_string(off)})
			: p.holders < PG_RARE_HOLDERS
			? PgConnection(session).execute(_searchRare, {std::to_string(after), p.rare, pattern, std::to_string(lim), std::to_string(off)})
			: PgConnection(session).executeOnce(_searchGrams, {std::to_string(after), p.rare, pattern, pattern, pattern,
				std::to_string(lim), std::to_string(off)});
		std::vector<User> users;
		users.reserve(rows.size());
		for (const PgConnection::Row& row: rows) users.push_back(readUserRow(PgRowReader(row, columns)));
		return users;
	}
	switch (p.path)
	{
	case Plan::ALL:
		select << _searchAll, bind(after), bind(lim), bind(off);
		break;
	case Plan::GRAMS:
		if (_database.dialect() == Database::Dialect::PostgreSQL)
			select << _searchGrams, bind(after), bind(p.rare), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		else
			select << _searchGrams, bind(p.rare), bind(after), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		break;
	case Plan::TRIGRAMS:
		select << _searchIndexed, bind(p.rare), bind(after), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		break;
	case Plan::PAIRS:
		if (_database.dialect() == Database::Dialect::PostgreSQL)
			select << _searchPairs, bind(after), bind(p.rare), bind(pattern), bind(lim), bind(off);
		else
			select << _searchPairs, bind(p.rare), bind(after), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		break;
	case Plan::CHARACTER:
		select << _searchCharacter, bind(p.rare), bind(after), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		break;
	case Plan::SCAN:
		select << _searchMatching, bind(after), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		break;
	}
	select.execute();
	return readUsers(select);
}


Poco::Int64 UserStore::count(const std::string& query, Poco::Int64 limit)
{
	Poco::Data::Session session = _database.session();
	Poco::Int64 total = 0, lim = limit;
	Plan p = plan(session, query);
	const std::string& pattern = p.pattern;
	if (p.path == Plan::GRAMS && _database.dialect() == Database::Dialect::PostgreSQL)
	{
		// A count is taken only when a page is full. Through the rarest
		// gram hashes when few users hold them (user_search_rare_count:
		// a gram bitmap about as large as the matches, 111 rows for
		// "Person 3334" at 10^6 users), where the LIKE through pg_trgm took
		// 10 to 20 ms. A broad q would have PostgreSQL, which cannot know what the
		// gram hashes of a row cost, walk users computing them for each of
		// up to limit rows (360 ms at limit 10,001): the LIKE alone counts
		// the same rows and stops at the limit.
		if (p.holders < PG_RARE_HOLDERS && onPostgres(_database, session))
			return PgConnection(session).integer(_countRare, {p.rare, pattern, std::to_string(lim)});
		p.path = Plan::SCAN;
	}
	if (p.path == Plan::CHARACTER)
	{
		// A character at least an eighth of the first CHARACTER_WALK
		// users hold reaches limit within about 8 * limit users of the
		// walk, where the index would read every holder first (most of
		// the table for "@"); a rarer one is counted from the index.
		Poco::Int64 held = 0, from = 0, span = CHARACTER_WALK;
		session << _walkCount, bind(from), bind(span), bind(pattern), bind(pattern), bind(pattern), into(held), now;
		if (held * 8 >= span) p.path = Plan::SCAN;
	}
	if (p.path == Plan::ALL && onPostgres(_database, session))
	{
		// Prepared, as in search().
		return PgConnection(session).integer(_countAll, {std::to_string(lim)});
	}
	if (p.path == Plan::PAIRS && onPostgres(_database, session))
	{
		// Through the pair index however common q is: the bitmap of
		// its holders, then the LIKE on them until the limit. The LIKE
		// alone would scan until limit matches, the whole table when a
		// hundredth of 10^6 users hold q.
		return PgConnection(session).integer(_countPairs, {p.rare, pattern, std::to_string(lim)});
	}
	switch (p.path)
	{
	case Plan::ALL:
		session << _countAll, bind(lim), into(total), now;
		break;
	case Plan::GRAMS:
		session << _countGrams, bind(p.rare), bind(pattern), bind(pattern), bind(pattern), bind(lim), into(total), now;
		break;
	case Plan::TRIGRAMS:
		session << _countIndexed, bind(p.rare), bind(pattern), bind(pattern), bind(pattern), bind(lim), into(total), now;
		break;
	case Plan::PAIRS:
		if (_database.dialect() == Database::Dialect::PostgreSQL)
			session << _countPairs, bind(p.rare), bind(pattern), bind(lim), into(total), now;
		else
			session << _countPairs, bind(p.rare), bind(pattern), bind(pattern), bind(pattern), bind(lim), into(total), now;
		break;
	case Plan::CHARACTER:
		session << _countCharacter, bind(p.rare), bind(pattern), bind(pattern), bind(pattern), bind(lim), into(total), now;
		break;
	case Plan::SCAN:
		session << _countMatching, bind(pattern), bind(pattern), bind(pattern), bind(lim), into(total), now;
		break;
	}
	return total;
}


} } // namespace AuthServer::Persistence
