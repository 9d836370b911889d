//
// ImportStore.cpp
//


#include "AuthServer/DjangoImport/ImportStore.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"
#include "Poco/String.h"
#include <algorithm>
#include <functional>
#include <map>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace DjangoImport {


namespace
{
	// Django hash strings start with the hasher's name; AuthServer's own
	// are PHC strings starting with '$'. The WHERE of migration 0017's
	// partial index, word for word.
	const std::string LEGACY_PREDICATE =
		"(password_hash LIKE 'pbkdf2\\_%' ESCAPE '\\' OR password_hash LIKE 'argon2$%' OR password_hash LIKE 'bcrypt%')";

	Poco::Nullable<std::string> nullable(const std::optional<std::string>& value)
	{
		return value ? Poco::Nullable<std::string>(*value) : Poco::Nullable<std::string>();
	}

	Poco::Nullable<Poco::Int64> nullable(const std::optional<Poco::Int64>& value)
	{
		return value ? Poco::Nullable<Poco::Int64>(*value) : Poco::Nullable<Poco::Int64>();
	}

	struct Columns
		/// A proven identifier lives in email / phone_number, an unproven one
		/// in pending_email / pending_phone (Migrations 0003), as UserStore does.
	{
		explicit Columns(const DjangoUser& user):
			email(user.emailVerified ? nullable(user.email) : Poco::Nullable<std::string>()),
			pendingEmail(user.emailVerified ? Poco::Nullable<std::string>() : nullable(user.email)),
			phone(user.phoneVerified ? nullable(user.phoneNumber) : Poco::Nullable<std::string>()),
			pendingPhone(user.phoneVerified ? Poco::Nullable<std::string>() : nullable(user.phoneNumber)),
			username(nullable(user.username)),
			password(nullable(user.passwordHash)),
			birthDate(nullable(user.birthDate)),
			companyName(nullable(user.companyName)),
			lastLoginAt(nullable(user.lastLoginAt)),
			isActive(user.isActive),
			emailVerified(user.emailVerified && user.email),
			phoneVerified(user.phoneVerified && user.phoneNumber)
		{
		}

		Poco::Nullable<std::string> email;
		Poco::Nullable<std::string> pendingEmail;
		Poco::Nullable<std::string> phone;
		Poco::Nullable<std::string> pendingPhone;
		Poco::Nullable<std::string> username;
		Poco::Nullable<std::string> password;
		Poco::Nullable<std::string> birthDate;
		Poco::Nullable<std::string> companyName;
		Poco::Nullable<Poco::Int64> lastLoginAt;
		int isActive;
		int emailVerified;
		int phoneVerified;
	};

	std::optional<Poco::Int64> firstId(Poco::Data::Session& db, const std::string& sql, const std::string& value, Poco::Int64 pk, bool twice)
	{
		std::vector<Poco::Int64> ids;
		if (twice) db << sql, bind(value), bind(value), bind(pk), into(ids), now;
		else db << sql, bind(value), bind(pk), into(ids), now;
		if (ids.empty()) return std::nullopt;
		return ids.front();
	}

	std::string placeholders(std::size_t count, const std::string& one)
	{
		std::string text;
		for (std::size_t i = 0; i < count; ++i) text += (i ? ", " : "") + one;
		return text;
	}

	constexpr std::size_t LOOKUP_CHUNK = 500;
	constexpr std::size_t INSERT_CHUNK = 100;
	constexpr std::size_t RECORD_CHUNK = 200;

	template <typename T>
	void inChunks(const std::vector<T>& values, std::size_t chunk, const std::function<void(const std::vector<T>&)>& run)
	{
		for (std::size_t i = 0; i < values.size(); i += chunk)
		{
			std::vector<T> part(values.begin() + static_cast<std::ptrdiff_t>(i), values.begin() + static_cast<std::ptrdiff_t>(std::min(values.size(), i + chunk)));
			run(part);
		}
	}

	void holdersOf(const Persistence::Database& database, Poco::Data::Session& db, const std::string& select, const std::vector<std::string>& values, std::multimap<std::string, Poco::Int64>& holders)
		/// Runs select (a SELECT of id and value ending "... IN (") for values.
	{
		inChunks<std::string>(values, LOOKUP_CHUNK, [&](const std::vector<std::string>& part)
		{
			std::vector<Poco::Int64> ids;
			std::vector<std::string> found;
			Poco::Data::Statement statement(db);
			statement << database.sql(select + placeholders(part.size(), "?") + ")");
			for (const std::string& value: part) statement, bind(value);
			statement, into(ids), into(found);
			statement.execute();
			for (std::size_t i = 0; i < ids.size(); ++i) holders.emplace(found[i], ids[i]);
		});
	}
}


ImportStore::ImportStore(Persistence::Database& database):
	_database(database),
	_findImport(database.sql("SELECT password_digest, fields_digest FROM django_imports WHERE user_id = ?")),
	_phoneHolder(database.sql("SELECT id FROM users WHERE (phone_number = ? OR pending_phone = ?) AND id <> ? LIMIT 1")),
	// "username IS NOT NULL" lets SQLite use the partial index
	// users_username_lower (without it every lookup scanned users).
	_usernameHolder(database.sql("SELECT id FROM users WHERE lower(username) = lower(?) AND username IS NOT NULL AND id <> ? LIMIT 1")),
	_update(database.sql(
		"UPDATE users SET email = ?, pending_email = ?, phone_number = ?, pending_phone = ?, username = ?, full_name = ?, role = ?, "
		"is_active = ?, email_verified = ?, phone_verified = ?, bio = ?, location = ?, birth_date = ?, avatar_url = ?, company_name = ?, "
		"created_at = COALESCE(?, created_at), updated_at = ?, last_login_at = CASE WHEN last_login_at IS NULL OR last_login_at < ? THEN ? ELSE last_login_at END "
		"WHERE id = ?")),
	_updateWithPassword(database.sql("UPDATE users SET password_hash = ? WHERE id = ?")),
	_fillEmpty(database.sql(
		"UPDATE users SET full_name = CASE WHEN full_name = '' THEN ? ELSE full_name END, "
		"bio = CASE WHEN bio = '' THEN ? ELSE bio END, location = CASE WHEN location = '' THEN ? ELSE location END, "
		"birth_date = COALESCE(birth_date, ?), company_name = COALESCE(company_name, ?), "
		"avatar_url = CASE WHEN avatar_url = '' THEN ? ELSE avatar_url END, "
		"pending_phone = CASE WHEN phone_number IS NULL AND pending_phone IS NULL THEN ? ELSE pending_phone END, updated_at = ? "
		"WHERE id = ?")),
	_countLegacy("SELECT COUNT(*) FROM users WHERE " + LEGACY_PREDICATE),
	_dropLegacy("UPDATE users SET password_hash = NULL WHERE " + LEGACY_PREDICATE)
{
}


const std::string& ImportStore::legacyPredicate()
{
	return LEGACY_PREDICATE;
}


bool ImportStore::isAscii(const std::string& text)
{
	for (unsigned char c: text)
		if (c >= 0x80) return false;
	return true;
}


void ImportStore::lookUp(Poco::Data::Session& db, const std::vector<DjangoUser>& users, Holders& holders)
{
	std::vector<Poco::Int64> pks;
	std::vector<std::string> emails;
	std::vector<std::string> phones;
	std::vector<std::string> usernames;
	for (const DjangoUser& user: users)
	{
		if (user.skipReason) continue;
		pks.push_back(user.pk);
		if (user.email) emails.push_back(*user.email);
		if (user.phoneNumber) phones.push_back(*user.phoneNumber);
		if (user.username && isAscii(*user.username)) usernames.push_back(Poco::toLower(*user.username));
	}
	inChunks<Poco::Int64>(pks, LOOKUP_CHUNK, [&](const std::vector<Poco::Int64>& part)
	{
		std::vector<Poco::Int64> ids;
		std::vector<std::string> passwords;
		std::vector<std::string> fields;
		Poco::Data::Statement imports(db);
		imports << _database.sql("SELECT user_id, password_digest, fields_digest FROM django_imports WHERE user_id IN (" + placeholders(part.size(), "?") + ")");
		for (const Poco::Int64& pk: part) imports, bind(pk);
		imports, into(ids), into(passwords), into(fields);
		imports.execute();
		for (std::size_t i = 0; i < ids.size(); ++i) holders.imports[ids[i]] = Imported{passwords[i], fields[i]};
		ids.clear();
		Poco::Data::Statement existing(db);
		existing << _database.sql("SELECT id FROM users WHERE id IN (" + placeholders(part.size(), "?") + ")");
		for (const Poco::Int64& pk: part) existing, bind(pk);
		existing, into(ids);
		existing.execute();
		holders.ids.insert(ids.begin(), ids.end());
	});
	holdersOf(_database, db, "SELECT id, email FROM users WHERE email IN (", emails, holders.emails);
	holdersOf(_database, db, "SELECT id, pending_email FROM users WHERE pending_email IN (", emails, holders.emails);
	holdersOf(_database, db, "SELECT id, phone_number FROM users WHERE phone_number IN (", phones, holders.phones);
	holdersOf(_database, db, "SELECT id, pending_phone FROM users WHERE pending_phone IN (", phones, holders.phones);
	// "username IS NOT NULL" lets SQLite use the partial index users_username_lower.
	holdersOf(_database, db, "SELECT id, lower(username) FROM users WHERE username IS NOT NULL AND lower(username) IN (", usernames, holders.usernames);
}


std::optional<ImportStore::Imported> ImportStore::findImport(Poco::Data::Session& db, Poco::Int64 pk)
{
	std::vector<std::string> passwords;
	std::vector<std::string> fields;
	db << _findImport, bind(pk), into(passwords), into(fields), now;
	if (passwords.empty()) return std::nullopt;
	return Imported{passwords.front(), fields.front()};
}


std::optional<Poco::Int64> ImportStore::phoneHolder(Poco::Data::Session& db, const std::string& e164, Poco::Int64 pk)
{
	return firstId(db, _phoneHolder, e164, pk, true);
}


std::optional<Poco::Int64> ImportStore::usernameHolder(Poco::Data::Session& db, const std::string& username, Poco::Int64 pk)
{
	return firstId(db, _usernameHolder, username, pk, false);
}


void ImportStore::insert(Poco::Data::Session& db, const std::vector<const DjangoUser*>& users, Poco::Int64 at)
{
	inChunks<const DjangoUser*>(users, INSERT_CHUNK, [&](const std::vector<const DjangoUser*>& part)
	{
		Poco::Data::Statement statement(db);
		statement << _database.sql(
			"INSERT INTO users (id, email, pending_email, phone_number, pending_phone, username, password_hash, full_name, role, "
			"is_active, email_verified, phone_verified, bio, location, birth_date, avatar_url, company_name, created_at, updated_at, last_login_at) "
			"VALUES " + placeholders(part.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
		for (const DjangoUser* pUser: part)
		{
			const DjangoUser& user = *pUser;
			Columns c(user);
			statement, bind(user.pk), bind(c.email), bind(c.pendingEmail), bind(c.phone), bind(c.pendingPhone), bind(c.username),
				bind(c.password), bind(user.fullName), bind(user.role), bind(c.isActive), bind(c.emailVerified), bind(c.phoneVerified),
				bind(user.bio), bind(user.location), bind(c.birthDate), bind(user.avatarUrl), bind(c.companyName),
				bind(user.createdAt.value_or(at)), bind(at), bind(c.lastLoginAt);
		}
		statement.execute();
	});
}


void ImportStore::update(Poco::Data::Session& db, const DjangoUser& user, bool withPassword, Poco::Int64 at)
{
	Columns c(user);
	Poco::Int64 pk = user.pk;
	Poco::Nullable<Poco::Int64> createdAt = nullable(user.createdAt);
	db << _update, bind(c.email), bind(c.pendingEmail), bind(c.phone), bind(c.pendingPhone), bind(c.username),
		bind(user.fullName), bind(user.role), bind(c.isActive), bind(c.emailVerified), bind(c.phoneVerified),
		bind(user.bio), bind(user.location), bind(c.birthDate), bind(user.avatarUrl), bind(c.companyName),
		bind(createdAt), bind(at), bind(c.lastLoginAt), bind(c.lastLoginAt), bind(pk), now;
	if (withPassword) db << _updateWithPassword, bind(c.password), bind(pk), now;
}


void ImportStore::recordImports(Poco::Data::Session& db, const std::vector<std::pair<Poco::Int64, Imported>>& digests, Poco::Int64 at)
{
	inChunks<std::pair<Poco::Int64, Imported>>(digests, RECORD_CHUNK, [&](const std::vector<std::pair<Poco::Int64, Imported>>& part)
	{
		Poco::Data::Statement statement(db);
		statement << _database.sql(
			"INSERT INTO django_imports (user_id, password_digest, fields_digest, imported_at, updated_at) VALUES " +
			placeholders(part.size(), "(?, ?, ?, ?, ?)") +
			" ON CONFLICT (user_id) DO UPDATE SET password_digest = excluded.password_digest, fields_digest = excluded.fields_digest, "
			"updated_at = excluded.updated_at");
		for (const auto& row: part)
			statement, bind(row.first), bind(row.second.passwordDigest), bind(row.second.fieldsDigest), bind(at), bind(at);
		statement.execute();
	});
}


void ImportStore::fillEmpty(Poco::Data::Session& db, const DjangoUser& profile, Poco::Int64 at)
{
	Poco::Nullable<std::string> birthDate = nullable(profile.birthDate);
	Poco::Nullable<std::string> companyName = nullable(profile.companyName);
	Poco::Nullable<std::string> phone = nullable(profile.phoneNumber);
	Poco::Int64 pk = profile.pk;
	db << _fillEmpty, bind(profile.fullName), bind(profile.bio), bind(profile.location), bind(birthDate), bind(companyName),
		bind(profile.avatarUrl), bind(phone), bind(at), bind(pk), now;
}


void ImportStore::moveIdSequence(Poco::Data::Session& db)
{
	if (_database.dialect() != Persistence::Database::Dialect::PostgreSQL) return;
	Poco::Int64 value = 0;
	db << "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM users), false)", into(value), now;
}


Poco::Int64 ImportStore::countLegacyHashes()
{
	Poco::Data::Session db = _database.session();
	Poco::Int64 count = 0;
	db << _countLegacy, into(count), now;
	return count;
}


std::vector<std::string> ImportStore::legacyHashSamples(const Identity::LegacyPasswordVerifier& verifier)
{
	std::map<std::string, std::string> samples;
	Poco::Data::Session db = _database.session();
	const std::string page = _database.sql("SELECT id, password_hash FROM users WHERE id > ? AND " + LEGACY_PREDICATE + " ORDER BY id LIMIT 1000");
	Poco::Int64 after = 0;
	for (;;)
	{
		std::vector<Poco::Int64> ids;
		std::vector<std::string> hashes;
		db << page, bind(after), into(ids), into(hashes), now;
		for (const std::string& hash: hashes)
		{
			std::string costClass = verifier.costClass(hash);
			if (!costClass.empty()) samples.emplace(costClass, hash);
		}
		if (ids.size() < 1000) break;
		after = ids.back();
	}
	std::vector<std::string> result;
	for (const auto& sample: samples) result.push_back(sample.second);
	return result;
}


Poco::Int64 ImportStore::dropLegacyHashes()
{
	Poco::Data::Session db = _database.session();
	Persistence::Transaction transaction(_database, db);
	Poco::Int64 count = 0;
	db << _countLegacy, into(count), now;
	db << _dropLegacy, now;
	transaction.commit();
	return count;
}


} } // namespace AuthServer::DjangoImport
