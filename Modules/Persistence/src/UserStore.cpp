//
// UserStore.cpp
//


#include "AuthServer/Persistence/UserStore.h"
#include "RowReader.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	const std::string COLUMNS =
		"id, email, phone_number, password_hash, full_name, role, is_active, email_verified, phone_verified, "
		"bio, location, birth_date, avatar_url, company_name, needs_profile_completion, otp_login_enabled, "
		"otp_channel, created_at, updated_at, last_login_at, last_login_ip";

	// Case-insensitive substring match of one bound pattern on the three
	// identity columns; '!' escapes LIKE wildcards typed by the caller.
	// Standard SQL (lower(), LIKE ... ESCAPE), so SQLite and PostgreSQL alike.
	const std::string MATCHES =
		"(lower(COALESCE(email, '')) LIKE ? ESCAPE '!' OR lower(full_name) LIKE ? ESCAPE '!' "
		"OR COALESCE(phone_number, '') LIKE ? ESCAPE '!')";

	// Migration 0006 (SQLite): the trigram FTS5 index narrows the rows to
	// candidates; MATCHES then keeps exactly the rows the scan would.
	const std::string INDEXED = "id IN (SELECT rowid FROM users_search WHERE users_search MATCH ?) AND ";

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

	User readUser(Poco::Data::RecordSet& rs, std::size_t row = 0)
	{
		RowReader r(rs, row);
		User u;
		u.id = r.int64("id");
		u.email = r.optStr("email");
		u.phoneNumber = r.optStr("phone_number");
		u.passwordHash = r.optStr("password_hash");
		u.fullName = r.str("full_name");
		u.role = r.str("role");
		u.isActive = r.boolean("is_active");
		u.emailVerified = r.boolean("email_verified");
		u.phoneVerified = r.boolean("phone_verified");
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
		return u;
	}
}


UserStore::UserStore(Database& database):
	_database(database),
	_insert(database.sql(
		"INSERT INTO users (email, phone_number, password_hash, full_name, role, is_active, email_verified, phone_verified, "
		"bio, location, birth_date, avatar_url, company_name, needs_profile_completion, otp_login_enabled, otp_channel, "
		"created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")),
	_byId(database.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?")),
	_byEmail(database.sql("SELECT " + COLUMNS + " FROM users WHERE email = ?")),
	_byPhone(database.sql("SELECT " + COLUMNS + " FROM users WHERE phone_number = ?")),
	_update(database.sql(
		"UPDATE users SET email = ?, phone_number = ?, password_hash = ?, full_name = ?, role = ?, is_active = ?, "
		"email_verified = ?, phone_verified = ?, bio = ?, location = ?, birth_date = ?, avatar_url = ?, company_name = ?, "
		"needs_profile_completion = ?, otp_login_enabled = ?, otp_channel = ?, updated_at = ? WHERE id = ?")),
	_recordLogin(database.sql("UPDATE users SET last_login_at = ?, last_login_ip = ? WHERE id = ?")),
	_setPassword(database.sql("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")),
	_remove(database.sql("DELETE FROM users WHERE id = ?")),
	_markEmailVerified(database.sql("UPDATE users SET email_verified = 1, updated_at = ? WHERE id = ?")),
	_searchAll(database.sql("SELECT " + COLUMNS + " FROM users ORDER BY id LIMIT ? OFFSET ?")),
	_countAll(database.sql("SELECT COUNT(*) FROM users")),
	_searchMatching(database.sql("SELECT " + COLUMNS + " FROM users WHERE " + MATCHES + " ORDER BY id LIMIT ? OFFSET ?")),
	_countMatching(database.sql("SELECT COUNT(*) FROM users WHERE " + MATCHES)),
	_searchIndexed(database.sql("SELECT " + COLUMNS + " FROM users WHERE " + INDEXED + MATCHES + " ORDER BY id LIMIT ? OFFSET ?")),
	_countIndexed(database.sql("SELECT COUNT(*) FROM users WHERE " + INDEXED + MATCHES))
{
}


bool UserStore::useTrigramIndex(const std::string& query) const
{
	return _database.dialect() == Database::Dialect::SQLite && codePoints(query) >= TRIGRAM_MIN_LENGTH;
}


Poco::Int64 UserStore::insert(User& user)
{
	Poco::Data::Session session = _database.session();
	Poco::Int64 id = 0;
	int isActive = user.isActive, emailVerified = user.emailVerified, phoneVerified = user.phoneVerified;
	int needsCompletion = user.needsProfileCompletion, otpLogin = user.otpLoginEnabled;
	session << _insert,
		bind(nullable(user.email)), bind(nullable(user.phoneNumber)), bind(nullable(user.passwordHash)),
		bind(user.fullName), bind(user.role), bind(isActive), bind(emailVerified), bind(phoneVerified),
		bind(user.bio), bind(user.location), bind(nullable(user.birthDate)), bind(user.avatarUrl),
		bind(nullable(user.companyName)), bind(needsCompletion), bind(otpLogin), bind(user.otpChannel),
		bind(user.createdAt), bind(user.updatedAt), into(id), now;
	user.id = id;
	return id;
}


void UserStore::remove(Poco::Int64 id)
{
	Poco::Data::Session session = _database.session();
	session << _remove, bind(id), now;
}


std::optional<User> UserStore::findOne(const std::string& sql, const std::string& value)
{
	Poco::Data::Session session = _database.session();
	Poco::Data::Statement select(session);
	select << sql, bind(value);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readUser(rs);
}


std::optional<User> UserStore::findById(Poco::Int64 id)
{
	Poco::Data::Session session = _database.session();
	Poco::Data::Statement select(session);
	select << _byId, bind(id);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readUser(rs);
}


std::optional<User> UserStore::findByEmail(const std::string& lowerCaseEmail)
{
	return findOne(_byEmail, lowerCaseEmail);
}


std::optional<User> UserStore::findByPhone(const std::string& e164)
{
	return findOne(_byPhone, e164);
}


void UserStore::update(const User& user)
{
	Poco::Data::Session session = _database.session();
	int isActive = user.isActive, emailVerified = user.emailVerified, phoneVerified = user.phoneVerified;
	int needsCompletion = user.needsProfileCompletion, otpLogin = user.otpLoginEnabled;
	session << _update,
		bind(nullable(user.email)), bind(nullable(user.phoneNumber)), bind(nullable(user.passwordHash)),
		bind(user.fullName), bind(user.role), bind(isActive), bind(emailVerified), bind(phoneVerified),
		bind(user.bio), bind(user.location), bind(nullable(user.birthDate)), bind(user.avatarUrl),
		bind(nullable(user.companyName)), bind(needsCompletion), bind(otpLogin), bind(user.otpChannel),
		bind(user.updatedAt), bind(user.id), now;
}


void UserStore::recordLogin(Poco::Int64 id, Poco::Int64 at, const std::string& ip)
{
	Poco::Data::Session session = _database.session();
	recordLogin(session, id, at, ip);
}


void UserStore::recordLogin(Poco::Data::Session& db, Poco::Int64 id, Poco::Int64 at, const std::string& ip)
{
	db << _recordLogin, bind(at), bind(ip), bind(id), now;
}


void UserStore::setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at)
{
	Poco::Data::Session session = _database.session();
	session << _setPassword, bind(phc), bind(at), bind(id), now;
}


void UserStore::markEmailVerified(Poco::Int64 id, Poco::Int64 at)
{
	Poco::Data::Session session = _database.session();
	session << _markEmailVerified, bind(at), bind(id), now;
}


std::vector<User> UserStore::search(const std::string& query, std::size_t offset, std::size_t limit)
{
	Poco::Data::Session session = _database.session();
	Poco::Data::Statement select(session);
	Poco::Int64 lim = static_cast<Poco::Int64>(limit), off = static_cast<Poco::Int64>(offset);
	if (query.empty())
	{
		select << _searchAll, bind(lim), bind(off);
	}
	else
	{
		std::string pattern = likePattern(query);
		if (useTrigramIndex(query))
		{
			std::string phrase = ftsPhrase(query);
			select << _searchIndexed, bind(phrase), bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		}
		else
		{
			select << _searchMatching, bind(pattern), bind(pattern), bind(pattern), bind(lim), bind(off);
		}
	}
	select.execute();
	Poco::Data::RecordSet rs(select);
	std::vector<User> users;
	for (std::size_t row = 0; row < rs.rowCount(); ++row) users.push_back(readUser(rs, row));
	return users;
}


Poco::Int64 UserStore::count(const std::string& query)
{
	Poco::Data::Session session = _database.session();
	Poco::Int64 total = 0;
	if (query.empty())
	{
		session << _countAll, into(total), now;
	}
	else
	{
		std::string pattern = likePattern(query);
		if (useTrigramIndex(query))
		{
			std::string phrase = ftsPhrase(query);
			session << _countIndexed, bind(phrase), bind(pattern), bind(pattern), bind(pattern), into(total), now;
		}
		else
		{
			session << _countMatching, bind(pattern), bind(pattern), bind(pattern), into(total), now;
		}
	}
	return total;
}


} } // namespace AuthServer::Persistence
