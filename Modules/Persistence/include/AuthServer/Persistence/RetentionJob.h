//
// RetentionJob.h
//
// Deletes ended sessions, used one-time tokens and old audit events in
// small batches, so storage stays bounded under steady load.
//


#ifndef AuthServer_Persistence_RetentionJob_INCLUDED
#define AuthServer_Persistence_RetentionJob_INCLUDED


#include "AuthServer/Persistence/Database.h"
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
	///   - one_time_tokens used or expired more than oneTimeTokenSeconds ago;
	///   - audit_events written more than auditSeconds ago.
	///
	/// A retention of 0 keeps that kind of row for ever. Each batch deletes
	/// at most batchSize rows (sessions: batchSize sessions and their
	/// tokens) in one short write transaction, then pauses batchPause
	/// milliseconds so request writers are not starved. A row still valid
	/// (a live session, an unused unexpired token) never matches.
	///
	/// One instance at a time: on PostgreSQL a run holds the session-level
	/// advisory lock ADVISORY_LOCK_KEY and an instance that cannot take it
	/// skips the run; SQLite is used by one process. On SQLite a run ends
	/// with a TRUNCATE checkpoint, so the WAL file stays bounded too.
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
	};

	struct Deleted
		/// Rows deleted, by table.
	{
		Poco::UInt64 sessions = 0;
		Poco::UInt64 refreshTokens = 0;
		Poco::UInt64 oneTimeTokens = 0;
		Poco::UInt64 auditEvents = 0;
	};

	static constexpr Poco::Int64 ADVISORY_LOCK_KEY = 0x4175746852657431LL; /// "AuthRet1"

	static Poco::Int64 daysToSeconds(double days);
		/// Returns days as whole seconds, rounded, at least 1 when days > 0;
		/// 0 for 0 (keep for ever).

	RetentionJob(Database& database, const Settings& settings);
	~RetentionJob() override;
		/// Stops the thread if it runs.

	void start();
		/// Starts the background thread.

	void stop();
		/// Asks the thread to stop after its current batch and joins it.

	Deleted runOnce(Poco::Int64 at);
		/// Runs one pass in the calling thread with at (epoch seconds) as
		/// the current time and returns the rows it deleted (all zero when
		/// another instance holds the lock). Adds them to totals(). Throws
		/// Poco::Data::DataException on a database failure (batches
		/// committed before it stay deleted).

	Deleted totals() const;
		/// Returns the rows deleted since construction (for GET /metrics).

	const Settings& settings() const;

	void run() override;

private:
	Poco::UInt64 deleteBatches(const std::string& sql, Poco::Int64 cutoff, int cutoffBinds);
	Poco::UInt64 deleteSessions(Poco::Int64 cutoff, Poco::UInt64& tokens);
	bool pause();
	void checkpoint(Poco::Data::Session& db);

	Database& _database;
	Settings _settings;
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
	std::atomic<Poco::UInt64> _sessions{0};
	std::atomic<Poco::UInt64> _refreshTokens{0};
	std::atomic<Poco::UInt64> _oneTimeTokens{0};
	std::atomic<Poco::UInt64> _auditEvents{0};
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RetentionJob_INCLUDED
