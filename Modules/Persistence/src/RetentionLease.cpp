//
// RetentionLease.cpp
//


#include "AuthServer/Persistence/RetentionLease.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


const std::string RetentionLease::NAME = "retention";


RetentionLease::RetentionLease(Database& database, const std::string& holder, Poco::Int64 seconds):
	_database(database),
	_holder(holder),
	_seconds(seconds < 1 ? 1 : seconds)
{
}


RetentionLease::~RetentionLease()
{
	try
	{
		release();
	}
	catch (...)
	{
	}
}


bool RetentionLease::acquire(Poco::Int64 at)
{
	if (_held) return true;
	if (_database.dialect() == Database::Dialect::PostgreSQL)
	{
		std::unique_ptr<Poco::Data::Session> pSession(new Poco::Data::Session(_database.dedicatedSession()));
		int locked = 0;
		*pSession << "SELECT CASE WHEN pg_try_advisory_lock(" + std::to_string(ADVISORY_LOCK_KEY) + ") THEN 1 ELSE 0 END", into(locked), now;
		if (locked != 1) return false;
		_pLockSession = std::move(pSession);
		_held = true;
		return true;
	}
	// Taken when absent, lapsed or already ours; the holder read back in the
	// same unit says who has it.
	const std::string take = _database.sql(
		"INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?) "
		"ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at "
		"WHERE job_leases.expires_at <= ? OR job_leases.holder = excluded.holder");
	const std::string owner = _database.sql("SELECT holder FROM job_leases WHERE name = ?");
	std::string holder;
	_database.write([&](Poco::Data::Session& w)
	{
		std::string name = NAME, me = _holder;
		Poco::Int64 until = at + _seconds, now_ = at;
		Poco::Data::Statement upsert(w);
		upsert << take, bind(name), bind(me), bind(until), bind(now_);
		upsert.execute();
		Poco::Data::Statement read(w);
		read << owner, bind(name), into(holder);
		read.execute();
	});
	_held = holder == _holder;
	return _held;
}


void RetentionLease::renew(Poco::Int64 at)
{
	if (!_held || _database.dialect() == Database::Dialect::PostgreSQL) return;
	const std::string extend = _database.sql("UPDATE job_leases SET expires_at = ? WHERE name = ? AND holder = ?");
	_database.write([&](Poco::Data::Session& w)
	{
		std::string name = NAME, me = _holder;
		Poco::Int64 until = at + _seconds;
		Poco::Data::Statement update(w);
		update << extend, bind(until), bind(name), bind(me);
		update.execute();
	});
}


void RetentionLease::release()
{
	if (!_held) return;
	_held = false;
	if (_database.dialect() == Database::Dialect::PostgreSQL)
	{
		std::unique_ptr<Poco::Data::Session> pSession = std::move(_pLockSession);
		*pSession << "SELECT pg_advisory_unlock(" + std::to_string(ADVISORY_LOCK_KEY) + ")", now;
		return;
	}
	const std::string drop = _database.sql("DELETE FROM job_leases WHERE name = ? AND holder = ?");
	_database.write([&](Poco::Data::Session& w)
	{
		std::string name = NAME, me = _holder;
		Poco::Data::Statement del(w);
		del << drop, bind(name), bind(me);
		del.execute();
	});
}


bool RetentionLease::held() const
{
	return _held;
}


} } // namespace AuthServer::Persistence
