//
// SessionStore.cpp
//


#include "AuthServer/Persistence/SessionStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "AuthServer/Persistence/PgRowReader.h"
#include "RowReader.h"
#include "SqliteConnection.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"
#include "Poco/Exception.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	const std::string COLUMNS = "id, user_id, created_at, last_used_at, expires_at, ip, user_agent, revoked_at, revoked_reason";

	template <class Row>
	SessionRecord readSessionRow(const Row& r)
		/// Row: RowReader or SqliteConnection::Query, on a COLUMNS result.
	{
		SessionRecord s;
		s.id = r.str("id");
		s.userId = r.int64("user_id");
		s.createdAt = r.int64("created_at");
		s.lastUsedAt = r.int64("last_used_at");
		s.expiresAt = r.int64("expires_at");
		s.ip = r.str("ip");
		s.userAgent = r.str("user_agent");
		s.revokedAt = r.optInt64("revoked_at");
		s.revokedReason = r.str("revoked_reason");
		return s;
	}

	SessionRecord readSession(Poco::Data::RecordSet& rs, std::size_t row)
	{
		return readSessionRow(RowReader(rs, row));
	}

	const PgRowReader::Columns& pgColumns()
	{
		static const PgRowReader::Columns columns(COLUMNS);
		return columns;
	}

	std::optional<PgConnection> postgres(Database& database, Poco::Data::Session& db)
		/// The libpq connection of db on PostgreSQL (one round trip per
		/// statement, prepared once per connection), else nothing.
	{
		if (database.dialect() != Database::Dialect::PostgreSQL || !PgConnection::isPostgres(db)) return std::nullopt;
		return PgConnection(db);
	}
}


const char* const SessionStore::TOUCH = "UPDATE sessions SET last_used_at = ? WHERE id = ? AND last_used_at < ?";


SessionStore::SessionStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)")),
	_find(database.sql("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")),
	_touch(database.sql(TOUCH)),
	_revoke(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")),
	_revokeReturning(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL RETURNING id")),
	_revokeAllReturning(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL AND id <> ? RETURNING id")),
	_liveForUser(database.sql("SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL")),
	_listActive(database.sql("SELECT " + COLUMNS + " FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id")),
	// A login's four writes as one statement, shaped as the refresh
	// rotation: the last-login UPDATE decides (it returns the user's row
	// only while the user exists, and locks it against a concurrent
	// delete), the session and the audit row are inserted only for the row
	// it returned, the refresh token only for the session inserted. All
	// parts run in the statement's one transaction: a failing part (a
	// constraint, a trigger) leaves none of them written. $1 session id,
	// $2 user id, $3 now, $4 last used, $5 session expiry, $6 ip, $7 user
	// agent, $8 token hash, $9/$10 token issued/expires, $11 event,
	// $12 detail.
	_startLoginPostgres(
		"WITH u AS ("
		" UPDATE users SET last_login_at = $3::bigint, last_login_ip = $6::text WHERE id = $2::bigint RETURNING id"
		"), s AS ("
		" INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent)"
		" SELECT $1::text, id, $3::bigint, $4::bigint, $5::bigint, $6::text, $7::text FROM u RETURNING id"
		"), t AS ("
		" INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at)"
		" SELECT $8::text, id, $2::bigint, $9::bigint, $10::bigint FROM s"
		"), a AS ("
		" INSERT INTO audit_events (user_id, event, ip, user_agent, detail, created_at)"
		" SELECT id, $11::text, $6::text, $7::text, $12::text, $3::bigint FROM u"
		") SELECT COUNT(*) FROM s")
{
}


void SessionStore::insert(const SessionRecord& session)
{
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		insert(db, session);
	});
}


void SessionStore::insert(Poco::Data::Session& db, const SessionRecord& s)
{
	if (SqliteConnection* pWriter = _database.writerConnection(db))
	{
		SqliteConnection::Query(*pWriter, _insert).bind(s.id).bind(s.userId).bind(s.createdAt).bind(s.lastUsedAt).bind(s.expiresAt).bind(s.ip).bind(s.userAgent).execute();
		return;
	}
	if (auto pg = postgres(_database, db))
	{
		pg->execute(_insert, {s.id, std::to_string(s.userId), std::to_string(s.createdAt), std::to_string(s.lastUsedAt),
			std::to_string(s.expiresAt), s.ip, s.userAgent});
		return;
	}
	db << _insert, bind(s.id), bind(s.userId), bind(s.createdAt), bind(s.lastUsedAt), bind(s.expiresAt), bind(s.ip), bind(s.userAgent), now;
}


bool SessionStore::startsLoginInOneStatement() const
{
	return _database.dialect() == Database::Dialect::PostgreSQL;
}


bool SessionStore::startLogin(const LoginStart& login)
{
	Poco::Data::Session db = _database.session();
	std::optional<PgConnection> pg = postgres(_database, db);
	if (!pg) throw Poco::IllegalStateException("startLogin needs PostgreSQL");
	const SessionRecord& s = login.session;
	const RefreshTokenRecord& t = login.token;
	std::vector<PgConnection::Row> rows = pg->execute("authserver_login_start", _startLoginPostgres, {
		s.id, std::to_string(s.userId), std::to_string(s.createdAt), std::to_string(s.lastUsedAt), std::to_string(s.expiresAt),
		s.ip, s.userAgent.substr(0, 512), t.tokenHash, std::to_string(t.issuedAt), std::to_string(t.expiresAt),
		login.auditEvent, login.auditDetail});
	return !rows.empty() && rows.front()[0] && *rows.front()[0] != "0";
}


std::optional<SessionRecord> SessionStore::find(const std::string& id)
{
	if (_database.preparedReads())
	{
		std::optional<SessionRecord> found;
		_database.readSqlite([&](SqliteConnection& c)
		{
			SqliteConnection::Query r(c, _find);
			r.bind(id);
			if (r.next()) found = readSessionRow(r);
		});
		return found;
	}
	Poco::Data::Session db = _database.session();
	if (auto pg = postgres(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_find, {id});
		if (rows.empty()) return std::nullopt;
		return readSessionRow(PgRowReader(rows.front(), pgColumns()));
	}
	Poco::Data::Statement select(db);
	select << _find, bind(id);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readSession(rs, 0);
}


void SessionStore::touch(Poco::Data::Session& db, const std::string& id, Poco::Int64 at)
{
	if (auto pg = postgres(_database, db))
	{
		pg->execute(_touch, {std::to_string(at), id, std::to_string(at)});
		return;
	}
	db << _touch, bind(at), bind(id), bind(at), now;
}


bool SessionStore::revoke(const std::string& id, Poco::Int64 at, const std::string& reason)
{
	bool revoked = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = postgres(_database, db))
		{
			revoked = !pg->execute(_revokeReturning, {std::to_string(at), reason, id}).empty();
			return;
		}
		Poco::Data::Statement update(db);
		update << _revoke, bind(at), bind(reason), bind(id);
		revoked = update.execute() > 0;
	});
	return revoked;
}


std::vector<std::string> SessionStore::revokeAllForUser(Poco::Int64 userId, Poco::Int64 at, const std::string& reason, const std::string& exceptId)
{
	std::vector<std::string> revoked;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		revoked.clear();
		if (auto pg = postgres(_database, db))
		{
			// One statement, one round trip: the ids come back from RETURNING.
			for (const PgConnection::Row& row: pg->execute(_revokeAllReturning, {std::to_string(at), reason, std::to_string(userId), exceptId}))
				if (row.front()) revoked.push_back(*row.front());
			return;
		}
		std::vector<std::string> ids;
		db << _liveForUser, bind(userId), into(ids), now;
		for (const std::string& id: ids)
		{
			if (id == exceptId) continue;
			Poco::Data::Statement update(db);
			update << _revoke, bind(at), bind(reason), bind(id);
			if (update.execute() > 0) revoked.push_back(id);
		}
	});
	return revoked;
}


std::vector<SessionRecord> SessionStore::listActive(Poco::Int64 userId, Poco::Int64 now_)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = postgres(_database, db))
	{
		std::vector<SessionRecord> found;
		for (const PgConnection::Row& row: pg->execute(_listActive, {std::to_string(userId), std::to_string(now_)}))
			found.push_back(readSessionRow(PgRowReader(row, pgColumns())));
		return found;
	}
	Poco::Data::Statement select(db);
	select << _listActive, bind(userId), bind(now_);
	select.execute();
	Poco::Data::RecordSet rs(select);
	std::vector<SessionRecord> result;
	for (std::size_t row = 0; row < rs.rowCount(); ++row) result.push_back(readSession(rs, row));
	return result;
}


} } // namespace AuthServer::Persistence
