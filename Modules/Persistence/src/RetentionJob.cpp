//
// RetentionJob.cpp
//


#include "AuthServer/Persistence/RetentionJob.h"
#include "AuthServer/Persistence/RetentionLease.h"
#include "AuthServer/Persistence/SearchIndexes.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Data/Statement.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "Poco/Timestamp.h"
#include <cmath>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	// Each statement deletes one batch chosen by a LIMITed sub-select, so a
	// transaction stays short; the indexes of migration 0004 serve the
	// sub-selects (and those of 0008 and 0010).
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
	const std::string SPENT_RECOVERY_CODES =
		"DELETE FROM recovery_codes WHERE id IN (SELECT id FROM recovery_codes WHERE used_at < ? LIMIT ?)";
	// A legacy token's row guards its single exchange until the token's own
	// exp; after that the token is refused on its signature's exp anyway.
	const std::string EXPIRED_LEGACY_EXCHANGES =
		"DELETE FROM legacy_token_exchanges WHERE jti IN (SELECT jti FROM legacy_token_exchanges WHERE expires_at < ? LIMIT ?)";
	const std::string OLD_AUDIT_EVENTS =
		"DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE created_at < ? LIMIT ?)";
}


Poco::UInt64 RetentionJob::Deleted::total() const
{
	return sessions + refreshTokens + oneTimeTokens + auditEvents + recoveryCodes + legacyTokenExchanges;
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
	_holder(Core::SecureRandom::token(16)),
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
	d.recoveryCodes = _recoveryCodes.load(std::memory_order_relaxed);
	d.legacyTokenExchanges = _legacyTokenExchanges.load(std::memory_order_relaxed);
	d.searchIndexMergeSteps = _searchIndexMergeSteps.load(std::memory_order_relaxed);
	return d;
}


bool RetentionJob::pause()
{
	if (_settings.batchPause > 0) _wake.tryWait(_settings.batchPause);
	// A long run (a first run over years of audit events) keeps its lease:
	// renewed once a minute, well inside leaseSeconds.
	Poco::Int64 clock = Core::Clock::now();
	if (_pLease && clock - _renewedAt >= 60)
	{
		_pLease->renew(_runAt + (clock - _runBegan));
		_renewedAt = clock;
	}
	return !_stop;
}


Poco::UInt64 RetentionJob::deleteBatches(const std::string& sql, Poco::Int64 cutoff, int cutoffBinds, std::atomic<Poco::UInt64>& counter)
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
		counter += n;
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
		_refreshTokens += batchTokens;
		_sessions += batchSessions;
		if (ids.size() < static_cast<std::size_t>(limit) || !pause()) break;
	}
	return total;
}


Poco::UInt64 RetentionJob::mergeSearchIndexes()
{
	return SearchIndexes::merge(_database, [this]
	{
		++_searchIndexMergeSteps;
		return pause();
	});
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
	RetentionLease lease(_database, _holder, _settings.leaseSeconds);
	if (!lease.acquire(at))
	{
		d.skipped = true;
		return d;
	}
	_pLease = &lease;
	_runAt = at;
	_runBegan = _renewedAt = Core::Clock::now();
	try
	{
		if (_settings.sessionSeconds > 0 && !_stop)
		{
			Poco::Int64 cutoff = at - _settings.sessionSeconds;
			d.refreshTokens += deleteBatches(EXPIRED_REFRESH_TOKENS, cutoff, 1, _refreshTokens);
			Poco::UInt64 tokens = 0;
			if (!_stop) d.sessions = deleteSessions(cutoff, tokens);
			d.refreshTokens += tokens;
		}
		if (_settings.oneTimeTokenSeconds > 0)
		{
			Poco::Int64 cutoff = at - _settings.oneTimeTokenSeconds;
			if (!_stop) d.oneTimeTokens = deleteBatches(FINISHED_ONE_TIME_TOKENS, cutoff, 2, _oneTimeTokens);
			if (!_stop) d.recoveryCodes = deleteBatches(SPENT_RECOVERY_CODES, cutoff, 1, _recoveryCodes);
			if (!_stop) d.legacyTokenExchanges = deleteBatches(EXPIRED_LEGACY_EXCHANGES, cutoff, 1, _legacyTokenExchanges);
		}
		if (_settings.auditSeconds > 0 && !_stop)
			d.auditEvents = deleteBatches(OLD_AUDIT_EVENTS, at - _settings.auditSeconds, 1, _auditEvents);
		if (_database.dialect() == Database::Dialect::SQLite && !_stop)
		{
			d.searchIndexMergeSteps = mergeSearchIndexes();
			Poco::Data::Session db = _database.session();
			checkpoint(db);
		}
	}
	catch (...)
	{
		_pLease = nullptr;
		throw; // the lease is released by its destructor
	}
	_pLease = nullptr;
	lease.release();
	return d;
}


void RetentionJob::run()
{
	Poco::Logger& logger = Poco::Logger::get("AuthServer.Persistence");
	while (!_stop)
	{
		_wake.tryWait(static_cast<long>(_settings.interval) * 1000);
		if (_stop) break;
		Poco::Timestamp started;
		try
		{
			Deleted d = runOnce(Core::Clock::now());
			long ms = static_cast<long>(started.elapsed() / 1000);
			if (d.skipped)
				logger.information("retention run skipped: another instance holds the retention lease");
			else
				logger.information("retention run: deleted %s sessions, %s refresh tokens, %s one-time tokens, %s recovery codes, %s legacy token exchanges, %s audit events in %ld ms (%s search index merge steps)%s",
					std::to_string(d.sessions), std::to_string(d.refreshTokens), std::to_string(d.oneTimeTokens),
					std::to_string(d.recoveryCodes), std::to_string(d.legacyTokenExchanges), std::to_string(d.auditEvents),
					ms, std::to_string(d.searchIndexMergeSteps), std::string(_stop ? " (stopped early)" : ""));
		}
		catch (Poco::Exception& exc)
		{
			logger.warning("retention run failed (retried next interval): %s", exc.displayText());
		}
	}
}


} } // namespace AuthServer::Persistence
