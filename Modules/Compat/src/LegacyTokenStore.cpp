//
// LegacyTokenStore.cpp
//


#include "AuthServer/Compat/LegacyTokenStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/Statement.h"
#include <vector>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Compat {


using Persistence::PgConnection;


LegacyTokenStore::LegacyTokenStore(Persistence::Database& database):
	_database(database),
	// ON CONFLICT DO NOTHING (SQLite 3.24+, PostgreSQL 9.5+): a second
	// insert of one jti changes no row instead of failing the transaction.
	_insert(database.sql("INSERT INTO legacy_token_exchanges (jti, user_id, expires_at, exchanged_at) VALUES (?, ?, ?, ?) ON CONFLICT (jti) DO NOTHING")),
	_purge(database.sql("DELETE FROM legacy_token_exchanges WHERE expires_at < ?")),
	_changed(database.sql("SELECT COUNT(*) FROM audit_events WHERE user_id = ? AND created_at >= ? AND "
		"(event IN ('password_changed', 'password_reset', 'user_deactivated') OR (event = 'logout' AND detail LIKE 'all_sessions%'))")),
	_imported(database.sql("SELECT imported_at FROM django_imports WHERE user_id = ?"))
{
}


bool LegacyTokenStore::insert(Poco::Data::Session& db, const std::string& jti, Poco::Int64 userId, Poco::Int64 expiresAt, Poco::Int64 now)
{
	if (auto pg = PgConnection::of(_database, db))
		return pg->update(_insert, {jti, std::to_string(userId), std::to_string(expiresAt), std::to_string(now)}) == 1;
	Poco::Data::Statement insert(db);
	std::string id = jti;
	insert << _insert, bind(id), bind(userId), bind(expiresAt), bind(now);
	return insert.execute() == 1;
}


void LegacyTokenStore::purgeExpired(Poco::Int64 now)
{
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db)) pg->update(_purge, {std::to_string(now)});
		else db << _purge, bind(now), Poco::Data::Keywords::now;
	});
}


std::optional<Poco::Int64> LegacyTokenStore::importedAt(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_imported, {std::to_string(userId)});
		if (rows.empty() || !rows.front()[0]) return std::nullopt;
		return std::stoll(*rows.front()[0]);
	}
	std::vector<Poco::Int64> at;
	db << _imported, into(at), bind(userId), Poco::Data::Keywords::now;
	if (at.empty()) return std::nullopt;
	return at[0];
}


bool LegacyTokenStore::credentialsChangedSince(Poco::Int64 userId, Poco::Int64 since)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_changed, {std::to_string(userId), std::to_string(since)});
		return !rows.empty() && rows.front()[0] && *rows.front()[0] != "0";
	}
	Poco::Int64 count = 0;
	db << _changed, into(count), bind(userId), bind(since), Poco::Data::Keywords::now;
	return count > 0;
}


} } // namespace AuthServer::Compat
