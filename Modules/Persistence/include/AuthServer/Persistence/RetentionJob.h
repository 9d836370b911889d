//
// RetentionJob.h
//
// Deletes ended sessions, used single-use tokens and old audit events in
// small batches, so storage stays bounded under steady load.
//


#ifndef AuthServer_Persistence_RetentionJob_INCLUDED
#define AuthServer_Persistence_RetentionJob_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/RetentionLease.h"
#include "Poco/Event.h"
#include "Poco/Mutex.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include <atomic>


namespace AuthServer {
namespace Persistence {


class RetentionJob: public Poco::Runnable
	/// A background thread that, every interval seconds, deletes rows whose
	/// retention has passed (issue 14; OWASP ASVS 8.3.8: personal data is
	/// kept only as long as needed):
	///
	///   - refresh_tokens expired more than sessionSeconds ago (an expired
	///     token is refused before its row is read, so the row serves no
	///     reuse detection any more);
	///   - sessions that ended (revoked, idle past sessionIdleTimeout) or
	///     expired more than sessionSeconds ago, with their refresh tokens;
	///   - one_time_tokens (email verification, password reset) used or
	///     expired more than oneTimeTokenSeconds ago; recovery_codes spent
	///     and legacy_token_exchanges (their old token) expired that long
	///     ago (OTP codes and second-factor challenges live in the cache
	///     with a TTL, not in the database);
	///   - audit_events written more than auditSeconds ago.
	///
	/// A retention of 0 keeps that kind of row for ever. Each batch deletes
	/// at most batchSize rows (sessions: batchSize sessions and their
	/// tokens) in one short write transaction, then pauses batchPause
	/// milliseconds so request writers are not starved. A row still valid
	/// (a live session, an unused unexpired token) never matches.
	///
	/// One instance at a time: a run holds the RetentionLease (PostgreSQL:
	/// an advisory lock; SQLite: the job_leases row, renewed once a minute
	/// while the run lasts) and an instance that cannot take it skips the run. On SQLite
	/// a run ends with a TRUNCATE checkpoint, so the WAL file stays bounded
	/// too; deleted pages go to SQLite's free list and are reused by later
	/// inserts, so the database file stops growing at the size of a
	/// retention window's rows (no VACUUM: it would rewrite the file under
	/// the write lock).
	///
	/// On SQLite a run then merges the segments of the admin search's FTS5
	/// indexes (users_search, user_search_grams) into one, in steps of
	/// SearchIndexes::MERGE_PAGES pages, each its own short write with a
	/// batchPause after it (FTS5's 'merge' command with a negative page count:
	/// https://sqlite.org/fts5.html#the_merge_command). FTS5 adds a segment
	/// for each write and keeps a few per level, and a search probes every
	/// segment: at 10^6 users seeded in one statement there were 11, and
	/// merged to one, searches served 20 % more per second. PostgreSQL's
	/// GIN indexes are maintained by autovacuum.
{
public:
	struct Settings
	{
		Poco::Int64 sessionSeconds = 7 * 86400;        /// after a session ended or expired; 0 keeps
		Poco::Int64 oneTimeTokenSeconds = 86400;       /// after a one-time token was used or expired; 0 keeps
		Poco::Int64 auditSeconds = 180 * 86400;        /// after an audit event was written; 0 keeps
		Poco::Int64 sessionIdleTimeout = 0;            /// seconds (session.idleTimeout); 0: idleness not considered
		int interval = 3600;                           /// seconds between runs; the first run is one interval after start()
		int batchSize = 500;                           /// rows (sessions) per transaction
		int batchPause = 20;                           /// milliseconds between batches
		Poco::Int64 leaseSeconds = 600;                /// a SQLite lease lapses this long after its last renewal
	};

	struct Deleted
		/// Rows deleted, by table.
	{
		Poco::UInt64 sessions = 0;
		Poco::UInt64 refreshTokens = 0;
		Poco::UInt64 oneTimeTokens = 0;
		Poco::UInt64 auditEvents = 0;
		Poco::UInt64 recoveryCodes = 0;
		Poco::UInt64 legacyTokenExchanges = 0;
		bool skipped = false;                  /// another instance held the lease: nothing was done
		Poco::UInt64 searchIndexMergeSteps = 0; /// SQLite: FTS5 merge steps that did work (not rows; not in total())

		Poco::UInt64 total() const;
			/// Returns the sum of the counts.
	};

	static Poco::Int64 daysToSeconds(double days);
		/// Returns days as whole seconds, rounded, at least 1 when days > 0;
		/// 0 for 0 (keep for ever).

	RetentionJob(Database& database, const Settings& settings);
	~RetentionJob() override;
		/// Stops the thread if it runs.

	void start();
		/// Starts the background thread.

	void stop();
		/// Asks the thread to stop after its current batch (one short
		/// transaction) and joins it; returns within about one batch.

	Deleted runOnce(Poco::Int64 at);
		/// Runs one pass in the calling thread with at (epoch seconds) as
		/// the current time and returns the rows it deleted (all zero and
		/// skipped when another instance holds the lease). Adds them to
		/// totals(). Stops early, between batches, once stop() was called. Throws
		/// Poco::Data::DataException on a database failure (batches
		/// committed before it stay deleted).

	Deleted totals() const;
		/// Returns the rows deleted since construction (for GET /metrics).

	const Settings& settings() const;

	void run() override;

private:
	Poco::UInt64 deleteBatches(const std::string& sql, Poco::Int64 cutoff, int cutoffBinds, std::atomic<Poco::UInt64>& counter);
	Poco::UInt64 deleteSessions(Poco::Int64 cutoff, Poco::UInt64& tokens);
		/// Both add each committed batch to the totals at once, so the
		/// metric moves during a long run.
	Poco::UInt64 mergeSearchIndexes();
		/// Merges each FTS5 search index (SQLite) step by step until a step
		/// finds nothing to merge or stop() is called; returns the steps
		/// that did work and adds them to the totals as they commit.
	bool pause();
	void checkpoint(Poco::Data::Session& db);

	Database& _database;
	Settings _settings;
	std::string _holder;
	RetentionLease* _pLease = nullptr;    // the lease of the run in progress (its thread only)
	Poco::Int64 _runAt = 0;               // the run's at
	Poco::Int64 _runBegan = 0;            // clock time the run began
	Poco::Int64 _renewedAt = 0;           // clock time of the lease's last renewal
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
	std::atomic<Poco::UInt64> _sessions{0};
	std::atomic<Poco::UInt64> _refreshTokens{0};
	std::atomic<Poco::UInt64> _oneTimeTokens{0};
	std::atomic<Poco::UInt64> _auditEvents{0};
	std::atomic<Poco::UInt64> _recoveryCodes{0};
	std::atomic<Poco::UInt64> _legacyTokenExchanges{0};
	std::atomic<Poco::UInt64> _searchIndexMergeSteps{0};
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RetentionJob_INCLUDED
