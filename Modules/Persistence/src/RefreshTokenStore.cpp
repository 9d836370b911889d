//
// RefreshTokenStore.cpp
//


#include "AuthServer/Persistence/RefreshTokenStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "AuthServer/Persistence/PgRowReader.h"
#include "AuthServer/Persistence/SessionStore.h"
#include "RowReader.h"
#include "SqliteConnection.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	const char* const ROTATION_STEPS =
		/// The steps after a rotating UPDATE named rot (RETURNING session_id),
		/// shared by both PostgreSQL rotation statements: the successor token,
		/// the session touch and the audit row, each only for the row rot
		/// returned. $1 now, $3 successor hash, $4 user id, $5/$6 successor
		/// issued/expires (epoch seconds), $7 event, $8 ip, $9 user agent.
		/// The session is touched only when last_used_at moves (see
		/// SessionStore::touch).
		"), ins AS ("
		" INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at)"
		" SELECT $3::text, session_id, $4::bigint, $5::bigint, $6::bigint FROM rot"
		"), touch AS ("
		" UPDATE sessions SET last_used_at = $1::bigint WHERE id IN (SELECT session_id FROM rot) AND last_used_at < $1::bigint"
		"), audit AS ("
		" INSERT INTO audit_events (user_id, event, ip, user_agent, detail, created_at)"
		" SELECT $4::bigint, $7::text, $8::text, $9::text, '', $1::bigint FROM rot";

	RefreshTokenStore::TokenAndSession readPgTokenAndSession(const PgConnection::Row& r, const std::string& tokenHash)
		/// r: a PostgreSQL row whose first 14 columns are _findWithSession's.
	{
		auto int64 = [&r](std::size_t i) { return r[i] ? static_cast<Poco::Int64>(std::stoll(*r[i])) : Poco::Int64(0); };
		auto optInt64 = [&r](std::size_t i) { return r[i] ? std::optional<Poco::Int64>(std::stoll(*r[i])) : std::nullopt; };
		auto str = [&r](std::size_t i) { return r[i].value_or(std::string()); };
		RefreshTokenStore::TokenAndSession found;
		found.token.tokenHash = tokenHash;
		found.token.sessionId = str(0);
		found.token.userId = int64(1);
		found.token.issuedAt = int64(2);
		found.token.expiresAt = int64(3);
		found.token.rotatedAt = optInt64(4);
		if (r[5])
		{
			SessionRecord s;
			s.id = str(5);
			s.userId = int64(6);
			s.createdAt = int64(7);
			s.lastUsedAt = int64(8);
			s.expiresAt = int64(9);
			s.ip = str(10);
			s.userAgent = str(11);
			s.revokedAt = optInt64(12);
			s.revokedReason = str(13);
			found.session = s;
		}
		return found;
	}

	const char* const FIND_COLUMNS = "token_hash, session_id, user_id, issued_at, expires_at, rotated_at";

	const PgRowReader::Columns& findColumns()
	{
		static const PgRowReader::Columns columns(FIND_COLUMNS);
		return columns;
	}

	template <class Row>
	RefreshTokenRecord readToken(const Row& r)
		/// Row: RowReader, SqliteConnection::Query or PgRowReader, on a
		/// _find result.
	{
		RefreshTokenRecord t;
		t.tokenHash = r.str("token_hash");
		t.sessionId = r.str("session_id");
		t.userId = r.int64("user_id");
		t.issuedAt = r.int64("issued_at");
		t.expiresAt = r.int64("expires_at");
		t.rotatedAt = r.optInt64("rotated_at");
		return t;
	}

	template <class Row>
	RefreshTokenStore::TokenAndSession readTokenAndSession(const Row& r, const std::string& tokenHash)
		/// Row: RowReader or SqliteConnection::Query, on a _findWithSession result.
	{
		RefreshTokenStore::TokenAndSession found;
		found.token.tokenHash = tokenHash;
		found.token.sessionId = r.str("session_id");
		found.token.userId = r.int64("user_id");
		found.token.issuedAt = r.int64("issued_at");
		found.token.expiresAt = r.int64("expires_at");
		found.token.rotatedAt = r.optInt64("rotated_at");
		if (!r.isNull("s_id"))
		{
			SessionRecord s;
			s.id = r.str("s_id");
			s.userId = r.int64("s_user_id");
			s.createdAt = r.int64("s_created_at");
			s.lastUsedAt = r.int64("s_last_used_at");
			s.expiresAt = r.int64("s_expires_at");
			s.ip = r.str("s_ip");
			s.userAgent = r.str("s_user_agent");
			s.revokedAt = r.optInt64("s_revoked_at");
			s.revokedReason = r.str("s_revoked_reason");
			found.session = s;
		}
		return found;
	}
}


RefreshTokenStore::RefreshTokenStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)")),
	_find(database.sql("SELECT " + std::string(FIND_COLUMNS) + " FROM refresh_tokens WHERE token_hash = ?")),
	_markRotated(database.sql("UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ? AND rotated_at IS NULL")),
	_findWithSession(database.sql(
		"SELECT t.session_id, t.user_id, t.issued_at, t.expires_at, t.rotated_at, "
		"s.id AS s_id, s.user_id AS s_user_id, s.created_at AS s_created_at, s.last_used_at AS s_last_used_at, "
		"s.expires_at AS s_expires_at, s.ip AS s_ip, s.user_agent AS s_user_agent, s.revoked_at AS s_revoked_at, s.revoked_reason AS s_revoked_reason "
		"FROM refresh_tokens t LEFT JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?")),
	_touchSession(database.sql(SessionStore::TOUCH)),
	_insertAudit(database.sql("INSERT INTO audit_events (user_id, event, ip, user_agent, detail, created_at) VALUES (?, ?, ?, ?, '', ?)")),
	// The whole rotation as one statement: the conditional UPDATE decides,
	// and the other three happen only for the row it returned. Data-modifying
	// CTEs all run, in one snapshot, in the statement's own transaction.
	_rotatePostgres(
		"WITH rot AS ("
		" UPDATE refresh_tokens SET rotated_at = $1::bigint WHERE token_hash = $2::text AND rotated_at IS NULL RETURNING session_id"
		+ std::string(ROTATION_STEPS) + ") SELECT COUNT(*) FROM rot"),
	// rotateIfValid: the read of findWithSession, the service's checks as the
	// UPDATE's condition, and the rotation above; all parts see one snapshot,
	// and a concurrent rotation of the same row blocks the UPDATE until it
	// commits, then makes it match nothing (rotated_at IS NULL re-checked).
	_checkedRotatePostgres(
		"WITH cur AS ("
		" SELECT t.session_id, t.user_id, t.issued_at, t.expires_at, t.rotated_at,"
		" s.id AS s_id, s.user_id AS s_user_id, s.created_at AS s_created_at, s.last_used_at AS s_last_used_at,"
		" s.expires_at AS s_expires_at, s.ip AS s_ip, s.user_agent AS s_user_agent, s.revoked_at AS s_revoked_at, s.revoked_reason AS s_revoked_reason"
		" FROM refresh_tokens t LEFT JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = $2::text"
		"), rot AS ("
		" UPDATE refresh_tokens SET rotated_at = $1::bigint WHERE token_hash = $2::text AND rotated_at IS NULL"
		" AND EXISTS (SELECT 1 FROM cur WHERE cur.session_id = $10::text AND cur.user_id = $4::bigint AND cur.s_id IS NOT NULL"
		" AND cur.s_revoked_at IS NULL AND cur.s_expires_at > $1::bigint AND cur.s_last_used_at + $11::bigint > $1::bigint"
		" AND cur.s_expires_at >= $6::bigint)"
		" RETURNING session_id"
		+ std::string(ROTATION_STEPS) + ") SELECT cur.*, (SELECT COUNT(*) FROM rot) FROM cur")
{
}


void RefreshTokenStore::insert(Poco::Data::Session& db, const RefreshTokenRecord& t)
{
	if (SqliteConnection* pWriter = _database.writerConnection(db))
	{
		SqliteConnection::Query(*pWriter, _insert).bind(t.tokenHash).bind(t.sessionId).bind(t.userId).bind(t.issuedAt).bind(t.expiresAt).execute();
		return;
	}
	if (_database.dialect() == Database::Dialect::PostgreSQL && PgConnection::isPostgres(db))
	{
		PgConnection(db).execute(_insert, {t.tokenHash, t.sessionId, std::to_string(t.userId), std::to_string(t.issuedAt), std::to_string(t.expiresAt)});
		return;
	}
	db << _insert, bind(t.tokenHash), bind(t.sessionId), bind(t.userId), bind(t.issuedAt), bind(t.expiresAt), now;
}


std::optional<RefreshTokenRecord> RefreshTokenStore::find(const std::string& tokenHash)
{
	if (_database.preparedReads())
	{
		std::optional<RefreshTokenRecord> found;
		_database.readSqlite([&](SqliteConnection& c)
		{
			SqliteConnection::Query r(c, _find);
			r.bind(tokenHash);
			if (!r.next()) return;
			found = readToken(r);
		});
		return found;
	}
	Poco::Data::Session db = _database.session();
	if (std::optional<PgConnection> pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_find, {tokenHash});
		if (rows.empty()) return std::nullopt;
		return readToken(PgRowReader(rows.front(), findColumns()));
	}
	Poco::Data::Statement select(db);
	select << _find, bind(tokenHash);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	RowReader r(rs, 0);
	return readToken(r);
}


std::optional<RefreshTokenStore::TokenAndSession> RefreshTokenStore::findWithSession(const std::string& tokenHash)
{
	if (_database.preparedReads())
	{
		std::optional<TokenAndSession> found;
		_database.readSqlite([&](SqliteConnection& c)
		{
			SqliteConnection::Query r(c, _findWithSession);
			r.bind(tokenHash);
			if (!r.next()) return;
			found = readTokenAndSession(r, tokenHash);
		});
		return found;
	}
	Poco::Data::Session db = _database.session();
	if (_database.dialect() == Database::Dialect::PostgreSQL && PgConnection::isPostgres(db))
	{
		std::vector<PgConnection::Row> rows = PgConnection(db).execute("authserver_refresh_find", _findWithSession, {tokenHash});
		if (rows.empty()) return std::nullopt;
		return readPgTokenAndSession(rows.front(), tokenHash);
	}
	Poco::Data::Statement select(db);
	select << _findWithSession, bind(tokenHash);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	RowReader r(rs, 0);
	return readTokenAndSession(r, tokenHash);
}


bool RefreshTokenStore::rotate(const RefreshRotation& rotation)
{
	const std::string userAgent = rotation.userAgent.substr(0, 512);
	if (_database.dialect() == Database::Dialect::PostgreSQL)
	{
		Poco::Data::Session db = _database.session();
		if (PgConnection::isPostgres(db))
		{
			const RefreshTokenRecord& next = rotation.successor;
			std::vector<PgConnection::Row> rows = PgConnection(db).execute("authserver_refresh_rotate", _rotatePostgres, {
				std::to_string(rotation.at), rotation.tokenHash, next.tokenHash, std::to_string(next.userId),
				std::to_string(next.issuedAt), std::to_string(next.expiresAt), rotation.auditEvent, rotation.ip, userAgent});
			return !rows.empty() && rows.front()[0] && *rows.front()[0] != "0";
		}
	}
	bool won = false;
	_database.write([&](Poco::Data::Session& db)
	{
		won = markRotated(db, rotation.tokenHash, rotation.at);
		if (!won) return;
		insert(db, rotation.successor);
		if (SqliteConnection* pWriter = _database.writerConnection(db))
		{
			SqliteConnection::Query(*pWriter, _touchSession).bind(rotation.at).bind(rotation.successor.sessionId).bind(rotation.at).execute();
			SqliteConnection::Query(*pWriter, _insertAudit).bind(rotation.successor.userId).bind(rotation.auditEvent).bind(rotation.ip).bind(userAgent).bind(rotation.at).execute();
			return;
		}
		db << _touchSession, bind(rotation.at), bind(rotation.successor.sessionId), bind(rotation.at), now;
		Poco::Int64 userId = rotation.successor.userId;
		db << _insertAudit, bind(userId), bind(rotation.auditEvent), bind(rotation.ip), bind(userAgent), bind(rotation.at), now;
	});
	return won;
}


bool RefreshTokenStore::checksInRotation() const
{
	return _database.dialect() == Database::Dialect::PostgreSQL;
}


RefreshTokenStore::CheckedRotation RefreshTokenStore::rotateIfValid(const RefreshRotation& rotation, const std::string& sessionId, Poco::Int64 idleTimeout)
{
	Poco::Data::Session db = _database.session();
	if (!checksInRotation() || !PgConnection::isPostgres(db)) throw Poco::IllegalStateException("rotateIfValid needs PostgreSQL");
	const RefreshTokenRecord& next = rotation.successor;
	std::vector<PgConnection::Row> rows = PgConnection(db).execute("authserver_refresh_checked_rotate", _checkedRotatePostgres, {
		std::to_string(rotation.at), rotation.tokenHash, next.tokenHash, std::to_string(next.userId),
		std::to_string(next.issuedAt), std::to_string(next.expiresAt), rotation.auditEvent, rotation.ip, rotation.userAgent.substr(0, 512),
		sessionId, std::to_string(idleTimeout)});
	CheckedRotation outcome;
	if (rows.empty()) return outcome;
	const PgConnection::Row& r = rows.front();
	outcome.found = readPgTokenAndSession(r, rotation.tokenHash);
	outcome.rotated = r.size() > 14 && r[14] && *r[14] != "0";
	return outcome;
}


bool RefreshTokenStore::markRotated(Poco::Data::Session& db, const std::string& tokenHash, Poco::Int64 at)
{
	if (SqliteConnection* pWriter = _database.writerConnection(db))
		return SqliteConnection::Query(*pWriter, _markRotated).bind(at).bind(tokenHash).execute() > 0;
	if (std::optional<PgConnection> pg = PgConnection::of(_database, db))
		return pg->update(_markRotated, {std::to_string(at), tokenHash}) > 0;
	Poco::Data::Statement update(db);
	update << _markRotated, bind(at), bind(tokenHash);
	return update.execute() > 0;
}


} } // namespace AuthServer::Persistence
