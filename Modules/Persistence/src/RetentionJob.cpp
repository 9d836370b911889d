//
// RetentionJob.cpp
//


#include "AuthServer/Persistence/RetentionJob.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Data/Statement.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include <cmath>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	// Each statement deletes one batch chosen by a LIMITed sub-select, so a
	// transaction stays short; the indexes of migration 0004 serve the
	// sub-selects.
	const std::string EXPIRED_REFRESH_TOKENS =
		"DELETE FROM refresh_tokens WHERE token_hash IN (SELECT token_hash FROM refresh_tokens WHERE expires_at < ? LIMIT ?)";
	// One branch per index (an OR of three columns would scan the table);
	// UNION ALL streams up to the LIMIT. A session matching two branches
	// comes twice: its second delete finds nothing.
	const std::string DEAD_SESSIONS =
		"SELECT id FROM sessions WHERE revoked_at < ? "
		"UNION ALL SELECT id FROM sessions WHERE expires_at < ? "
		"UNION ALL SELECT id FROM sessions WHERE last_used_at < ? LIMIT ?";
	const std::string FINISHED_ONE_TIME_TOKENS =
		"DELETE FROM one_time_tokens WHERE id IN (SELECT id FROM one_time_tokens WHERE used_at < ? OR expires_at < ? LIMIT ?)";
	const std::string OLD_AUDIT_EVENTS =
		"DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE created_at < ? LIMIT ?)";
}


Poco::Int64 RetentionJob::daysToSeconds(double days)
{
	if (!(days > 0)) return 0;
	Poco::Int64 seconds = static_cast<Poco::Int64>(std::llround(days * 86400.0));
	return seconds < 1 ? 1 : seconds;
}


RetentionJob::RetentionJob(Database& database, const Settings& settings):
	_database(database),
	_settings(settings),
	_thread("retention")
{
	if (_settings.batchSize < 1) _settings.batchSize = 1;
	if (_settings.interval < 1) _settings.interval = 1;
}


RetentionJob::~RetentionJob()
{
	try
	{
		stop();
	}
	catch (...)
	{
	}
}


void RetentionJob::start()
{
	if (_thread.isRunning()) return;
	_stop = false;
	_thread.start(*this);
}


void RetentionJob::stop()
{
	_stop = true;
	_wake.set();
	if (_thread.isRunning()) _thread.join();
}


const RetentionJob::Settings& RetentionJob::settings() const
{
	return _settings;
}


RetentionJob::Deleted RetentionJob::totals() const
{
	Deleted d;
	d.sessions = _sessions.load(std::memory_order_relaxed);
	d.refreshTokens = _refreshTokens.load(std::memory_order_relaxed);
	d.oneTimeTokens = _oneTimeTokens.load(std::memory_order_relaxed);
	d.auditEvents = _auditEvents.load(std::memory_order_relaxed);
	return d;
}


bool RetentionJob::pause()
{
	if (_settings.batchPause > 0) _wake.tryWait(_settings.batchPause);
	return !_stop;
}


Poco::UInt64 RetentionJob::deleteBatches(const std::string& sql, Poco::Int64 cutoff, int cutoffBinds)
{
	const std::string statement = _database.sql(sql);
	Poco::Int64 limit = _settings.batchSize;
	Poco::UInt64 total = 0;
	for (;;)
	{
		std::size_t n = 0;
		// One batch, one write transaction (on SQLite a unit of the writer,
		// so requests' writes never wait behind a batch in the busy handler).
		_database.write([&](Poco::Data::Session& w)
		{
			Poco::Data::Statement del(w);
			del << statement;
			for (int i = 0; i < cutoffBinds; ++i) del, bind(cutoff);
			del, bind(limit);
			n = del.execute();
		});
		total += n;
		if (n < static_cast<std::size_t>(limit) || !pause()) break;
	}
	return total;
}


Poco::UInt64 RetentionJob::deleteSessions(Poco::Int64 cutoff, Poco::UInt64& tokens)
{
	const std::string select = _database.sql(DEAD_SESSIONS);
	const std::string deleteTokens = _database.sql("DELETE FROM refresh_tokens WHERE session_id = ?");
	const std::string deleteSession = _database.sql("DELETE FROM sessions WHERE id = ?");
	// A session idle for sessionIdleTimeout ended at last_used_at + timeout.
	// Without a timeout the bound is below every row (epoch seconds >= 0).
	Poco::Int64 idleCutoff = _settings.sessionIdleTimeout > 0 ? cutoff - _settings.sessionIdleTimeout : -1;
	Poco::Int64 limit = _settings.batchSize;
	Poco::UInt64 total = 0;
	for (;;)
	{
		std::vector<std::string> ids;
		Poco::UInt64 batchTokens = 0, batchSessions = 0;
		_database.write([&](Poco::Data::Session& w)
		{
			ids.clear();
			batchTokens = batchSessions = 0;
			Poco::Data::Statement sel(w);
			sel << select, bind(cutoff), bind(cutoff), bind(idleCutoff), bind(limit), into(ids);
			sel.execute();
			for (std::string& id: ids)
			{
				Poco::Data::Statement delTokens(w);
				delTokens << deleteTokens, bind(id);
				batchTokens += delTokens.execute();
				Poco::Data::Statement delSession(w);
				delSession << deleteSession, bind(id);
				batchSessions += delSession.execute();
			}
		});
		tokens += batchTokens;
		total += batchSessions;
		if (ids.size() < static_cast<std::size_t>(limit) || !pause()) break;
	}
	return total;
}


void RetentionJob::checkpoint(Poco::Data::Session& db)
{
	// Under steady load some request nearly always reads, so SQLite's
	// automatic (passive) checkpoints rarely reach the end of the WAL and
	// the file keeps growing. A TRUNCATE checkpoint waits (busy_timeout) for
	// the current readers and writer, copies every frame and empties the
	// file; new writers wait for it, once per run.
	try
	{
		int busy = 0, frames = 0, copied = 0;
		db << "PRAGMA wal_checkpoint(TRUNCATE)", into(busy), into(frames), into(copied), now;
		if (busy != 0) Poco::Logger::get("AuthServer.Persistence").warning("retention: the WAL checkpoint could not finish (busy); retried next run");
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Persistence").warning("retention: WAL checkpoint failed: %s", exc.displayText());
	}
}


RetentionJob::Deleted RetentionJob::runOnce(Poco::Int64 at)
{
	Deleted d;
	Poco::Data::Session db = _database.session();
	bool postgres = _database.dialect() == Database::Dialect::PostgreSQL;
	if (postgres)
	{
		// A session-level lock: it is held across the batches' commits and
		// released below on the same connection.
		int locked = 0;
		db << "SELECT CASE WHEN pg_try_advisory_lock(" + std::to_string(ADVISORY_LOCK_KEY) + ") THEN 1 ELSE 0 END", into(locked), now;
		if (locked != 1) return d;
	}
	try
	{
		if (_settings.sessionSeconds > 0 && !_stop)
		{
			Poco::Int64 cutoff = at - _settings.sessionSeconds;
			d.refreshTokens += deleteBatches(EXPIRED_REFRESH_TOKENS, cutoff, 1);
			_refreshTokens += d.refreshTokens;
			Poco::UInt64 tokens = 0;
			d.sessions = deleteSessions(cutoff, tokens);
			d.refreshTokens += tokens;
			_refreshTokens += tokens;
			_sessions += d.sessions;
		}
		if (_settings.oneTimeTokenSeconds > 0 && !_stop)
		{
			d.oneTimeTokens = deleteBatches(FINISHED_ONE_TIME_TOKENS, at - _settings.oneTimeTokenSeconds, 2);
			_oneTimeTokens += d.oneTimeTokens;
		}
		if (_settings.auditSeconds > 0 && !_stop)
		{
			d.auditEvents = deleteBatches(OLD_AUDIT_EVENTS, at - _settings.auditSeconds, 1);
			_auditEvents += d.auditEvents;
		}
	}
	catch (...)
	{
		if (postgres)
		{
			try
			{
				db << "SELECT pg_advisory_unlock(" + std::to_string(ADVISORY_LOCK_KEY) + ")", now;
			}
			catch (...)
			{
			}
		}
		throw;
	}
	if (postgres) db << "SELECT pg_advisory_unlock(" + std::to_string(ADVISORY_LOCK_KEY) + ")", now;
	else checkpoint(db);
	return d;
}


void RetentionJob::run()
{
	Poco::Logger& logger = Poco::Logger::get("AuthServer.Persistence");
	while (!_stop)
	{
		_wake.tryWait(static_cast<long>(_settings.interval) * 1000);
		if (_stop) break;
		try
		{
			Deleted d = runOnce(Core::Clock::now());
			if (d.sessions + d.refreshTokens + d.oneTimeTokens + d.auditEvents > 0)
				logger.information("retention: deleted %s sessions, %s refresh tokens, %s one-time tokens, %s audit events",
					std::to_string(d.sessions), std::to_string(d.refreshTokens), std::to_string(d.oneTimeTokens), std::to_string(d.auditEvents));
		}
		catch (Poco::Exception& exc)
		{
			logger.warning("retention run failed (retried next interval): %s", exc.displayText());
		}
	}
}


} } // namespace AuthServer::Persistence
