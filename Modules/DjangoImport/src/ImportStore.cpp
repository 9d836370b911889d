//
// ImportStore.cpp
//


#include "AuthServer/DjangoImport/ImportStore.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace DjangoImport {


namespace
{
	// Django hash strings start with the hasher's name; AuthServer's own
	// are PHC strings starting with '$'.
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
}


struct ImportStore::Prepared
	/// Statements bound by reference to the values below: set them, execute.
{
	explicit Prepared(Poco::Data::Session& session):
		db(session),
		findImport(session),
		userExists(session),
		emailHolder(session),
		phoneHolder(session),
		usernameHolder(session),
		insert(session),
		recordImport(session)
	{
	}

	Poco::Data::Session db;
	Poco::Int64 pk = 0;
	std::string text;
	std::vector<std::string> passwords;
	std::vector<std::string> fields;
	Poco::Int64 count = 0;
	std::vector<Poco::Int64> ids;
	Poco::Nullable<std::string> email, pendingEmail, phone, pendingPhone, username, password, birthDate, companyName;
	std::string fullName, role, bio, location, avatarUrl;
	int isActive = 1, emailVerified = 0, phoneVerified = 0;
	Poco::Int64 createdAt = 0, at = 0;
	Poco::Nullable<Poco::Int64> lastLoginAt;
	std::string passwordDigest, fieldsDigest;

	Poco::Data::Statement findImport;
	Poco::Data::Statement userExists;
	Poco::Data::Statement emailHolder;
	Poco::Data::Statement phoneHolder;
	Poco::Data::Statement usernameHolder;
	Poco::Data::Statement insert;
	Poco::Data::Statement recordImport;
};


ImportStore::ImportStore(Persistence::Database& database):
	_database(database),
	_findImport(database.sql("SELECT password_digest, fields_digest FROM django_imports WHERE user_id = ?")),
	_userExists(database.sql("SELECT COUNT(*) FROM users WHERE id = ?")),
	_emailHolder(database.sql("SELECT id FROM users WHERE (email = ? OR pending_email = ?) AND id <> ? LIMIT 1")),
	_phoneHolder(database.sql("SELECT id FROM users WHERE (phone_number = ? OR pending_phone = ?) AND id <> ? LIMIT 1")),
	// "username IS NOT NULL" lets SQLite use the partial index
	// users_username_lower (without it every lookup scanned users).
	_usernameHolder(database.sql("SELECT id FROM users WHERE lower(username) = lower(?) AND username IS NOT NULL AND id <> ? LIMIT 1")),
	_insert(database.sql(
		"INSERT INTO users (id, email, pending_email, phone_number, pending_phone, username, password_hash, full_name, role, "
		"is_active, email_verified, phone_verified, bio, location, birth_date, avatar_url, company_name, created_at, updated_at, last_login_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
	_update(database.sql(
		"UPDATE users SET email = ?, pending_email = ?, phone_number = ?, pending_phone = ?, username = ?, full_name = ?, role = ?, "
		"is_active = ?, email_verified = ?, phone_verified = ?, bio = ?, location = ?, birth_date = ?, avatar_url = ?, company_name = ?, "
		"created_at = COALESCE(?, created_at), updated_at = ?, last_login_at = CASE WHEN last_login_at IS NULL OR last_login_at < ? THEN ? ELSE last_login_at END "
		"WHERE id = ?")),
	_updateWithPassword(database.sql("UPDATE users SET password_hash = ? WHERE id = ?")),
	_recordImport(database.sql(
		"INSERT INTO django_imports (user_id, password_digest, fields_digest, imported_at, updated_at) VALUES (?, ?, ?, ?, ?) "
		"ON CONFLICT (user_id) DO UPDATE SET password_digest = excluded.password_digest, fields_digest = excluded.fields_digest, "
		"updated_at = excluded.updated_at")),
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


ImportStore::~ImportStore() = default;


void ImportStore::prepare(Poco::Data::Session& db)
{
	if (prepared(db)) return;
	std::unique_ptr<Prepared> p(new Prepared(db));
	p->findImport << _findImport, use(p->pk), into(p->passwords), into(p->fields);
	p->userExists << _userExists, use(p->pk), into(p->count);
	p->emailHolder << _emailHolder, use(p->text), use(p->text), use(p->pk), into(p->ids);
	p->phoneHolder << _phoneHolder, use(p->text), use(p->text), use(p->pk), into(p->ids);
	p->usernameHolder << _usernameHolder, use(p->text), use(p->pk), into(p->ids);
	p->insert << _insert, use(p->pk), use(p->email), use(p->pendingEmail), use(p->phone), use(p->pendingPhone), use(p->username),
		use(p->password), use(p->fullName), use(p->role), use(p->isActive), use(p->emailVerified), use(p->phoneVerified),
		use(p->bio), use(p->location), use(p->birthDate), use(p->avatarUrl), use(p->companyName),
		use(p->createdAt), use(p->at), use(p->lastLoginAt);
	p->recordImport << _recordImport, use(p->pk), use(p->passwordDigest), use(p->fieldsDigest), use(p->at), use(p->at);
	_pPrepared = std::move(p);
}


void ImportStore::release()
{
	_pPrepared.reset();
}


bool ImportStore::prepared(Poco::Data::Session& db) const
{
	return _pPrepared && _pPrepared->db.impl() == db.impl();
}


std::optional<ImportStore::Imported> ImportStore::findImport(Poco::Data::Session& db, Poco::Int64 pk)
{
	if (prepared(db))
	{
		Prepared& p = *_pPrepared;
		p.pk = pk;
		p.passwords.clear();
		p.fields.clear();
		p.findImport.execute();
		if (p.passwords.empty()) return std::nullopt;
		return Imported{p.passwords.front(), p.fields.front()};
	}
	std::vector<std::string> passwords;
	std::vector<std::string> fields;
	db << _findImport, bind(pk), into(passwords), into(fields), now;
	if (passwords.empty()) return std::nullopt;
	return Imported{passwords.front(), fields.front()};
}


bool ImportStore::userExists(Poco::Data::Session& db, Poco::Int64 id)
{
	if (prepared(db))
	{
		_pPrepared->pk = id;
		_pPrepared->count = 0;
		_pPrepared->userExists.execute();
		return _pPrepared->count > 0;
	}
	Poco::Int64 count = 0;
	db << _userExists, bind(id), into(count), now;
	return count > 0;
}


std::optional<Poco::Int64> ImportStore::holder(Poco::Data::Statement& statement, const std::string& value, Poco::Int64 pk)
{
	_pPrepared->text = value;
	_pPrepared->pk = pk;
	_pPrepared->ids.clear();
	statement.execute();
	if (_pPrepared->ids.empty()) return std::nullopt;
	return _pPrepared->ids.front();
}


std::optional<Poco::Int64> ImportStore::emailHolder(Poco::Data::Session& db, const std::string& email, Poco::Int64 pk)
{
	if (prepared(db)) return holder(_pPrepared->emailHolder, email, pk);
	return firstId(db, _emailHolder, email, pk, true);
}


std::optional<Poco::Int64> ImportStore::phoneHolder(Poco::Data::Session& db, const std::string& e164, Poco::Int64 pk)
{
	if (prepared(db)) return holder(_pPrepared->phoneHolder, e164, pk);
	return firstId(db, _phoneHolder, e164, pk, true);
}


std::optional<Poco::Int64> ImportStore::usernameHolder(Poco::Data::Session& db, const std::string& username, Poco::Int64 pk)
{
	if (prepared(db)) return holder(_pPrepared->usernameHolder, username, pk);
	return firstId(db, _usernameHolder, username, pk, false);
}


void ImportStore::insert(Poco::Data::Session& db, const DjangoUser& user, Poco::Int64 at)
{
	Columns c(user);
	if (prepared(db))
	{
		Prepared& p = *_pPrepared;
		p.pk = user.pk;
		p.email = c.email;
		p.pendingEmail = c.pendingEmail;
		p.phone = c.phone;
		p.pendingPhone = c.pendingPhone;
		p.username = c.username;
		p.password = c.password;
		p.fullName = user.fullName;
		p.role = user.role;
		p.isActive = c.isActive;
		p.emailVerified = c.emailVerified;
		p.phoneVerified = c.phoneVerified;
		p.bio = user.bio;
		p.location = user.location;
		p.birthDate = c.birthDate;
		p.avatarUrl = user.avatarUrl;
		p.companyName = c.companyName;
		p.createdAt = user.createdAt.value_or(at);
		p.at = at;
		p.lastLoginAt = c.lastLoginAt;
		p.insert.execute();
		return;
	}
	Poco::Int64 pk = user.pk;
	Poco::Int64 createdAt = user.createdAt.value_or(at);
	db << _insert, bind(pk), bind(c.email), bind(c.pendingEmail), bind(c.phone), bind(c.pendingPhone), bind(c.username),
		bind(c.password), bind(user.fullName), bind(user.role), bind(c.isActive), bind(c.emailVerified), bind(c.phoneVerified),
		bind(user.bio), bind(user.location), bind(c.birthDate), bind(user.avatarUrl), bind(c.companyName),
		bind(createdAt), bind(at), bind(c.lastLoginAt), now;
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


void ImportStore::recordImport(Poco::Data::Session& db, Poco::Int64 pk, const Imported& digests, Poco::Int64 at)
{
	if (prepared(db))
	{
		Prepared& p = *_pPrepared;
		p.pk = pk;
		p.passwordDigest = digests.passwordDigest;
		p.fieldsDigest = digests.fieldsDigest;
		p.at = at;
		p.recordImport.execute();
		return;
	}
	db << _recordImport, bind(pk), bind(digests.passwordDigest), bind(digests.fieldsDigest), bind(at), bind(at), now;
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
