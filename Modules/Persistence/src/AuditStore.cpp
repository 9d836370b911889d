//
// AuditStore.cpp
//


#include "AuthServer/Persistence/AuditStore.h"
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
	const char* const COLUMNS = "id, user_id, event, ip, user_agent, detail, created_at";

	const PgRowReader::Columns& columns()
	{
		static const PgRowReader::Columns list(COLUMNS);
		return list;
	}

	template <class Row>
	AuditEvent readEvent(const Row& r)
		/// Row: RowReader or PgRowReader, on a COLUMNS result.
	{
		AuditEvent e;
		e.id = r.int64("id");
		e.userId = r.optInt64("user_id");
		e.event = r.str("event");
		e.ip = r.str("ip");
		e.userAgent = r.str("user_agent");
		e.detail = r.str("detail");
		e.createdAt = r.int64("created_at");
		return e;
	}
}


AuditStore::AuditStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO audit_events (user_id, event, ip, user_agent, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)"))
{
}


void AuditStore::record(std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at)
{
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		record(db, userId, event, ip, userAgent, detail, at);
	});
}


void AuditStore::record(Poco::Data::Session& db, std::optional<Poco::Int64> userId, const std::string& event, const std::string& ip, const std::string& userAgent, const std::string& detail, Poco::Int64 at)
{
	std::string ua = userAgent.substr(0, 512);
	if (_database.dialect() == Database::Dialect::PostgreSQL && PgConnection::isPostgres(db))
	{
		PgConnection(db).execute(_insert, {userId ? PgConnection::Value(std::to_string(*userId)) : std::nullopt, event, ip, ua, detail, std::to_string(at)});
		return;
	}
	Poco::Nullable<Poco::Int64> uid = userId ? Poco::Nullable<Poco::Int64>(*userId) : Poco::Nullable<Poco::Int64>();
	db << _insert, bind(uid), bind(event), bind(ip), bind(ua), bind(detail), bind(at), now;
}


std::string AuditStore::where(std::optional<Poco::Int64> userId, const std::string& event, bool before) const
{
	std::vector<std::string> terms;
	if (userId) terms.push_back("user_id = ?");
	if (!event.empty()) terms.push_back("event = ?");
	if (before) terms.push_back("id < ?");
	std::string clause;
	for (const std::string& term: terms) clause += (clause.empty() ? " WHERE " : " AND ") + term;
	return clause;
}


std::vector<AuditEvent> AuditStore::query(std::optional<Poco::Int64> userId, const std::string& event, Poco::Int64 beforeId, std::size_t offset, std::size_t limit)
{
	Poco::Data::Session db = _database.session();
	std::string sql = _database.sql("SELECT " + std::string(COLUMNS) + " FROM audit_events" + where(userId, event, beforeId > 0) + " ORDER BY id DESC LIMIT ? OFFSET ?");
	if (std::optional<PgConnection> pg = PgConnection::of(_database, db))
	{
		// One text per combination of filters (at most eight), each
		// prepared once per connection.
		std::vector<PgConnection::Value> params;
		if (userId) params.emplace_back(std::to_string(*userId));
		if (!event.empty()) params.emplace_back(event);
		if (beforeId > 0) params.emplace_back(std::to_string(beforeId));
		params.emplace_back(std::to_string(limit));
		params.emplace_back(std::to_string(offset));
		std::vector<AuditEvent> events;
		for (const PgConnection::Row& row: pg->execute(sql, params)) events.push_back(readEvent(PgRowReader(row, columns())));
		return events;
	}
	Poco::Data::Statement select(db);
	Poco::Int64 uid = userId.value_or(0);
	std::string name = event;
	Poco::Int64 before = beforeId, lim = static_cast<Poco::Int64>(limit), off = static_cast<Poco::Int64>(offset);
	select << sql;
	if (userId) select, bind(uid);
	if (!event.empty()) select, bind(name);
	if (beforeId > 0) select, bind(before);
	select, bind(lim), bind(off);
	select.execute();
	Poco::Data::RecordSet rs(select);
	std::vector<AuditEvent> events;
	for (std::size_t row = 0; row < rs.rowCount(); ++row) events.push_back(readEvent(RowReader(rs, row)));
	return events;
}


Poco::Int64 AuditStore::count(std::optional<Poco::Int64> userId, const std::string& event, Poco::Int64 limit)
{
	Poco::Data::Session db = _database.session();
	std::string sql = _database.sql("SELECT COUNT(*) FROM (SELECT 1 FROM audit_events" + where(userId, event, false) + " LIMIT ?) AS capped");
	if (std::optional<PgConnection> pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Value> params;
		if (userId) params.emplace_back(std::to_string(*userId));
		if (!event.empty()) params.emplace_back(event);
		params.emplace_back(std::to_string(limit));
		return pg->integer(sql, params);
	}
	Poco::Data::Statement select(db);
	Poco::Int64 uid = userId.value_or(0);
	std::string name = event;
	Poco::Int64 lim = limit;
	Poco::Int64 total = 0;
	select << sql;
	if (userId) select, bind(uid);
	if (!event.empty()) select, bind(name);
	select, bind(lim), into(total);
	select.execute();
	return total;
}


} } // namespace AuthServer::Persistence
