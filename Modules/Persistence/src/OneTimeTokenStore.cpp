//
// OneTimeTokenStore.cpp
//


#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "AuthServer/Persistence/PgRowReader.h"
#include "RowReader.h"
#include "Poco/Data/RecordSet.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	const std::string COLUMNS = "id, user_id, purpose, token_hash, code_hash, code_salt, attempts, created_at, expires_at, used_at";

	template <class Row>
	OneTimeToken readToken(const Row& r)
		/// Row: RowReader or PgRowReader, on a COLUMNS result.
	{
		OneTimeToken t;
		t.id = r.int64("id");
		t.userId = r.int64("user_id");
		t.purpose = r.str("purpose");
		t.tokenHash = r.str("token_hash");
		t.codeHash = r.optStr("code_hash");
		t.codeSalt = r.optStr("code_salt");
		t.attempts = static_cast<int>(r.int64("attempts"));
		t.createdAt = r.int64("created_at");
		t.expiresAt = r.int64("expires_at");
		t.usedAt = r.optInt64("used_at");
		return t;
	}

	std::optional<OneTimeToken> readFirstPg(const std::vector<PgConnection::Row>& rows)
	{
		static const PgRowReader::Columns columns(COLUMNS);
		if (rows.empty()) return std::nullopt;
		return readToken(PgRowReader(rows.front(), columns));
	}

	bool onPostgres(Database& database)
	{
		return database.dialect() == Database::Dialect::PostgreSQL;
	}
}


OneTimeTokenStore::OneTimeTokenStore(Database& database):
	_database(database),
	_invalidate(database.sql("UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL")),
	_insert(database.sql("INSERT INTO one_time_tokens (user_id, purpose, token_hash, code_hash, code_salt, attempts, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id")),
	_byHash(database.sql("SELECT " + COLUMNS + " FROM one_time_tokens WHERE token_hash = ?")),
	_latestUnused(database.sql("SELECT " + COLUMNS + " FROM one_time_tokens WHERE user_id = ? AND purpose = ? AND used_at IS NULL ORDER BY id DESC LIMIT 1")),
	_consume(database.sql("UPDATE one_time_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")),
	_fail(database.sql("UPDATE one_time_tokens SET attempts = attempts + 1 WHERE id = ?")),
	_attempts(database.sql("SELECT attempts FROM one_time_tokens WHERE id = ?"))
{
}


void OneTimeTokenStore::replace(OneTimeToken& t)
{
	Poco::Nullable<std::string> codeHash = t.codeHash ? Poco::Nullable<std::string>(*t.codeHash) : Poco::Nullable<std::string>();
	Poco::Nullable<std::string> codeSalt = t.codeSalt ? Poco::Nullable<std::string>(*t.codeSalt) : Poco::Nullable<std::string>();
	Poco::Int64 id = 0;
	_database.write([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			pg->update(_invalidate, {std::to_string(t.createdAt), std::to_string(t.userId), t.purpose});
			std::vector<PgConnection::Row> rows = pg->execute(_insert, {std::to_string(t.userId), t.purpose, t.tokenHash, t.codeHash, t.codeSalt,
				std::to_string(t.createdAt), std::to_string(t.expiresAt)});
			if (!rows.empty() && rows.front()[0]) id = std::stoll(*rows.front()[0]);
			return;
		}
		db << _invalidate, bind(t.createdAt), bind(t.userId), bind(t.purpose), now;
		db << _insert, bind(t.userId), bind(t.purpose), bind(t.tokenHash), bind(codeHash), bind(codeSalt), bind(t.createdAt), bind(t.expiresAt), into(id), now;
	});
	t.id = id;
}


int OneTimeTokenStore::invalidateAll(Poco::Int64 userId, const std::string& purpose, Poco::Int64 at)
{
	int n = 0;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			n = static_cast<int>(pg->update(_invalidate, {std::to_string(at), std::to_string(userId), purpose}));
			return;
		}
		Poco::Data::Statement update(db);
		update << _invalidate, bind(at), bind(userId), bind(purpose);
		n = static_cast<int>(update.execute());
	});
	return n;
}


std::optional<OneTimeToken> OneTimeTokenStore::findOne(const std::string& sql, Poco::Data::AbstractBinding::Ptr a, Poco::Data::AbstractBinding::Ptr b)
{
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement select(db);
	select << sql;
	select.addBind(a);
	if (b) select.addBind(b);
	select.execute();
	Poco::Data::RecordSet rs(select);
	if (rs.rowCount() == 0) return std::nullopt;
	return readToken(RowReader(rs, 0));
}


std::optional<OneTimeToken> OneTimeTokenStore::findByTokenHash(const std::string& tokenHash)
{
	if (onPostgres(_database))
	{
		Poco::Data::Session db = _database.session();
		if (auto pg = PgConnection::of(_database, db)) return readFirstPg(pg->execute(_byHash, {tokenHash}));
	}
	return findOne(_byHash, bind(tokenHash));
}


std::optional<OneTimeToken> OneTimeTokenStore::findLatestUnused(Poco::Int64 userId, const std::string& purpose)
{
	if (onPostgres(_database))
	{
		Poco::Data::Session db = _database.session();
		if (auto pg = PgConnection::of(_database, db)) return readFirstPg(pg->execute(_latestUnused, {std::to_string(userId), purpose}));
	}
	return findOne(_latestUnused, bind(userId), bind(purpose));
}


bool OneTimeTokenStore::consume(Poco::Int64 id, Poco::Int64 at)
{
	bool consumed = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			consumed = pg->update(_consume, {std::to_string(at), std::to_string(id)}) > 0;
			return;
		}
		Poco::Data::Statement update(db);
		update << _consume, bind(at), bind(id);
		consumed = update.execute() > 0;
	});
	return consumed;
}


int OneTimeTokenStore::recordFailedAttempt(Poco::Int64 id)
{
	int attempts = 0;
	if (onPostgres(_database))
	{
		// One statement (UPDATE ... RETURNING): one round trip, no BEGIN / COMMIT.
		_database.writeStatement([&](Poco::Data::Session& db)
		{
			std::vector<PgConnection::Row> rows = PgConnection(db).execute(_fail + " RETURNING attempts", {std::to_string(id)});
			attempts = rows.empty() || !rows.front()[0] ? 0 : std::stoi(*rows.front()[0]);
		});
		return attempts;
	}
	_database.write([&](Poco::Data::Session& db)
	{
		db << _fail, bind(id), now;
		db << _attempts, bind(id), into(attempts), now;
	});
	return attempts;
}


} } // namespace AuthServer::Persistence
