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


SessionStore::SessionStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)")),
	_find(database.sql("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")),
	_touch(database.sql("UPDATE sessions SET last_used_at = ? WHERE id = ?")),
	_revoke(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")),
	_revokeReturning(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL RETURNING id")),
	_revokeAllReturning(database.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL AND id <> ? RETURNING id")),
	_liveForUser(database.sql("SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL")),
	_listActive(database.sql("SELECT " + COLUMNS + " FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id"))
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
		pg->execute(_touch, {std::to_string(at), id});
		return;
	}
	db << _touch, bind(at), bind(id), now;
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
