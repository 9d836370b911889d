//
// MessageQueueStore.cpp
//


#include "AuthServer/Persistence/MessageQueueStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	Poco::Int64 integer(const PgConnection::Value& value)
	{
		return value ? std::stoll(*value) : 0;
	}
}


MessageQueueStore::MessageQueueStore(Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO message_queue (channel, payload, attempts, next_attempt_at, created_at) VALUES (?, ?, 0, ?, ?) RETURNING id")),
	_due(database.sql("SELECT id FROM message_queue WHERE next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id LIMIT ?")),
	_claim(database.sql("UPDATE message_queue SET claimed_until = ?, claimed_by = ? WHERE id = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)")),
	_byId(database.sql("SELECT channel, payload, attempts, next_attempt_at, created_at FROM message_queue WHERE id = ?")),
	_remove(database.sql("DELETE FROM message_queue WHERE id = ?")),
	_reschedule(database.sql("UPDATE message_queue SET attempts = ?, next_attempt_at = ?, last_error = ?, claimed_until = NULL, claimed_by = NULL WHERE id = ?")),
	_depth(database.sql("SELECT COUNT(*) FROM message_queue"))
{
}


Poco::Int64 MessageQueueStore::insert(const std::string& channel, const std::string& payload, Poco::Int64 at)
{
	Poco::Int64 id = 0;
	std::string c = channel, p = payload;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			std::vector<PgConnection::Row> rows = pg->execute(_insert, {c, p, std::to_string(at), std::to_string(at)});
			if (!rows.empty()) id = integer(rows.front()[0]);
			return;
		}
		db << _insert, bind(c), bind(p), bind(at), bind(at), into(id), now;
	});
	return id;
}


std::vector<QueuedMessage> MessageQueueStore::claim(const std::string& worker, Poco::Int64 at, int leaseSeconds, int limit)
{
	std::vector<QueuedMessage> claimed;
	Poco::Int64 until = at + leaseSeconds;
	// Each claim is its own conditional UPDATE (as before, autocommitted on
	// PostgreSQL); on SQLite they run as one unit of the writer.
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		claimed.clear();
		if (auto pg = PgConnection::of(_database, db))
		{
			std::string now_ = std::to_string(at);
			for (const PgConnection::Row& due: pg->execute(_due, {now_, now_, std::to_string(limit)}))
			{
				std::string id = due[0].value_or("0");
				if (pg->update(_claim, {std::to_string(until), worker, id, now_, now_}) == 0) continue; // another worker won it
				std::vector<PgConnection::Row> rows = pg->execute(_byId, {id});
				if (rows.empty() || !rows.front()[0] || rows.front()[0]->empty()) continue;
				const PgConnection::Row& r = rows.front();
				QueuedMessage m;
				m.id = std::stoll(id);
				m.channel = *r[0];
				m.payload = r[1].value_or(std::string());
				m.attempts = static_cast<int>(integer(r[2]));
				m.nextAttemptAt = integer(r[3]);
				m.createdAt = integer(r[4]);
				claimed.push_back(m);
			}
			return;
		}
		std::vector<Poco::Int64> ids;
		db << _due, bind(at), bind(at), bind(limit), into(ids), now;
		for (Poco::Int64 id: ids)
		{
			Poco::Data::Statement update(db);
			std::string w = worker;
			update << _claim, bind(until), bind(w), bind(id), bind(at), bind(at);
			if (update.execute() == 0) continue; // another worker won it
			QueuedMessage m;
			m.id = id;
			Poco::Data::Statement select(db);
			select << _byId, bind(id), into(m.channel), into(m.payload), into(m.attempts), into(m.nextAttemptAt), into(m.createdAt), now;
			if (m.channel.empty()) continue;
			claimed.push_back(m);
		}
	});
	return claimed;
}


void MessageQueueStore::remove(Poco::Int64 id)
{
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db)) pg->update(_remove, {std::to_string(id)});
		else db << _remove, bind(id), now;
	});
}


void MessageQueueStore::reschedule(Poco::Int64 id, int attempts, Poco::Int64 nextAttemptAt, const std::string& error)
{
	std::string e = error.substr(0, 500);
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db)) pg->update(_reschedule, {std::to_string(attempts), std::to_string(nextAttemptAt), e, std::to_string(id)});
		else db << _reschedule, bind(attempts), bind(nextAttemptAt), bind(e), bind(id), now;
	});
}


Poco::Int64 MessageQueueStore::depth()
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_depth, {});
		return rows.empty() ? 0 : integer(rows.front()[0]);
	}
	Poco::Int64 n = 0;
	db << _depth, into(n), now;
	return n;
}


} } // namespace AuthServer::Persistence
