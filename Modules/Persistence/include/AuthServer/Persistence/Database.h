//
// Database.h
//
// The connection pool and SQL dialect of the configured database.
//


#ifndef AuthServer_Persistence_Database_INCLUDED
#define AuthServer_Persistence_Database_INCLUDED


#include "Poco/Data/Session.h"
#include "Poco/Data/SessionPool.h"
#include "Poco/SharedPtr.h"
#include "Poco/Timespan.h"
#include "AuthServer/Persistence/GroupCommitWriter.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>


namespace AuthServer {
namespace Persistence {


class SqliteConnection;
class WalCheckpointer;


class Database
	/// Owns the POCO Data SessionPool for database.connector / database.url
	/// and knows the dialect's differences. Stores write their SQL once
	/// with `?` placeholders and call sql() at construction, which turns them
	/// into `$1, $2, ...` for PostgreSQL. Values are always bound, never
	/// concatenated (OWASP ASVS 5.3.4).
{
public:
	using Ptr = Poco::SharedPtr<Database>;

	enum class Dialect
	{
		SQLite,
		PostgreSQL
	};

	Database(const std::string& connector, const std::string& url, int poolSize, Poco::Timespan sessionWait = Poco::Timespan(SESSION_WAIT_MS * 1000),
		Poco::Int64 sqliteMmapSize = SQLITE_MMAP_SIZE);
		/// Opens a pool of at most poolSize sessions; session() waits up to
		/// sessionWait for a free one. connector is "sqlite"
		/// (url: a file path, or ":memory:" for a single shared in-memory
		/// database used by tests) or "postgresql" (url: a libpq connection
		/// string). Every SQLite connection reads the first sqliteMmapSize
		/// bytes of the file through a memory map (PRAGMA mmap_size,
		/// https://sqlite.org/mmap.html; 0: read() calls; SQLite caps it at
		/// its build's SQLITE_MAX_MMAP_SIZE, 2,147,418,112 bytes in Debian's).
		/// Throws Poco::Data::DataException if the first session cannot be
		/// opened.

	~Database();

	static int defaultPoolSize(const std::string& connector, int cores);
		/// Returns database.poolSize when it is not configured, for cores
		/// CPU cores: "postgresql" 4 per core, at least 8 (a request holds
		/// a connection only for its statements; the server's backends need
		/// cores, and on 2 cores refresh measured alike at 4, 8 and 16);
		/// "sqlite" 2 per core, at least 8 (WAL read connections; writes
		/// share the one writer).

	Poco::Data::Session session();
		/// Returns a pooled session; it goes back to the pool when the last
		/// copy is destroyed (or close() is called on it). When all poolSize
		/// sessions are lent out, the caller sleeps on a condition variable
		/// until one comes back (woken by its return, no polling; the
		/// waiters are served in the order they came, and a caller that
		/// finds others waiting queues behind them) for at
		/// most the constructor's sessionWait (default SESSION_WAIT_MS), then
		/// throws Poco::Data::SessionPoolExhaustedException (the HTTP layer
		/// answers 503 with Retry-After). On PostgreSQL each session is
		/// checked first (a poll of its socket) and a dead one (server
		/// restarted) replaced, so requests after a database restart succeed.

	Poco::Data::Session dedicatedSession();
		/// Opens a new session outside the pool, closed when its last copy
		/// is destroyed. For a holder of a session-level lock (PostgreSQL
		/// advisory locks of the migrations and the retention lease): on a
		/// pooled session it would keep one of the requests' poolSize
		/// connections for as long as it holds the lock (for the retention
		/// lease, the life of the process; with poolSize 1 the server could
		/// not start). Throws Poco::Data::DataException if it cannot connect.

	static constexpr long SESSION_WAIT_MS = 2000;
		/// Default longest wait in session() for a free session: 2000 ms.

	static constexpr Poco::Int64 SQLITE_MMAP_SIZE = 1073741824;
		/// Default of database.sqliteMmapSize: 1 GiB (bytes) of the SQLite
		/// file read through a memory map. Without it each connection
		/// copies pages with read() into its own 2 MB cache, which a search
		/// over 10^6 users (a 560 MB file) misses on most pages: bench/scale.sh
		/// measured admin search at 9,500 req/s without the map and 11,200
		/// with it at 10^6 users (10,400 and 11,400 at 10^3).

	struct WaitStats
	{
		Poco::UInt64 waits = 0;      /// session() calls that found the pool full and waited
		Poco::UInt64 timeouts = 0;   /// of those, the ones that gave up (exhausted)
		Poco::UInt64 waitMicros = 0; /// time those calls spent waiting, in all (microseconds)
		int waiting = 0;             /// threads waiting now
	};

	WaitStats waitStats() const;
		/// Returns the counters of session()'s waits (GET /metrics:
		/// authserver_pool_waits_total and its siblings).

	using Work = std::function<void(Poco::Data::Session&)>;
		/// A unit of write work: statements run on the session it is given,
		/// and only on it.

	void write(const Work& work);
		/// Runs work in a write transaction and returns once it is
		/// committed; rethrows what work threw, with its changes rolled back.
		/// SQLite: through the GroupCommitWriter (one writer session; the
		/// units of concurrent callers share one transaction, each in its
		/// own savepoint), so no write waits in SQLite's busy handler.
		/// PostgreSQL: on a pooled session inside BEGIN ... COMMIT. Throws
		/// Poco::Data::DataException on database failure.

	void writeStatement(const Work& work);
		/// As write(), for work that runs one statement: on PostgreSQL it
		/// runs without BEGIN / COMMIT (the statement commits by itself, one
		/// round trip instead of three); on SQLite it is a unit like any other.

	using SqliteWork = std::function<void(SqliteConnection&)>;
		/// Reads or writes on a SQLite connection through its cache of
		/// prepared statements (internal to Persistence: SqliteConnection.h).

	bool preparedReads() const;
		/// Returns whether readSqlite() can be used: SQLite on a file. The
		/// shared in-memory database of tests keeps POCO Data's sessions.

	void readSqlite(const SqliteWork& work);
		/// Runs work on one of at most poolSize read connections of its own
		/// (WAL readers, each keeping its prepared statements), waiting for
		/// one when all are in use. Only when preparedReads(). Rethrows what
		/// work throws.

	SqliteConnection* writerConnection(Poco::Data::Session& session);
		/// Inside a write() / writeStatement() unit on SQLite: the writer's
		/// connection with its prepared statements when session is the
		/// writer's session (it always is for units), else nullptr (then the
		/// caller uses session as it is).

	GroupCommitWriter::Stats writerStats() const;
		/// Returns the SQLite writer's counters (group sizes for GET
		/// /metrics); all zero on PostgreSQL.

	std::size_t walCheckpoints() const;
		/// Returns how many WAL checkpoints have run so far on the
		/// checkpointer thread (SQLite database file only: its writer's
		/// commits never checkpoint themselves; 0 otherwise).

	Dialect dialect() const;
		/// Returns the dialect.

	std::string dialectName() const;
		/// Returns "sqlite" or "postgresql", the folder name under Migrations/.

	std::string sql(const std::string& text) const;
		/// Returns text with each `?` outside string literals replaced by
		/// the dialect's placeholder.

	bool ping();
		/// Runs SELECT 1; returns whether it succeeded (for /ready). On
		/// PostgreSQL a statement prepared once per connection: one round
		/// trip.

	struct PoolUsage
	{
		int busy = 0;   /// sessions lent out
		int idle = 0;   /// open sessions waiting in the pool
		int max = 0;    /// capacity (database.poolSize)
	};

	PoolUsage poolUsage() const;
		/// Returns the pool's state now (for GET /metrics); takes the
		/// pool's lock briefly, never waits for a session.

private:
	class Pool;

	Poco::Data::Session pooledSession();
		/// Takes a session from the POCO pool (a live one on PostgreSQL);
		/// the caller holds a lease.

	void giveBack();
		/// Hands the returned lease to the oldest waiter and wakes it, or
		/// counts it as free when none waits.

	struct LeaseWaiter
		/// A session() call queued for a lease.
	{
		std::condition_variable wake;
		bool granted = false; /// set by giveBack(), which passed its lease on
	};

	int _poolSize;
	std::string _connectorKey;
	std::string _url;
	Poco::Timespan _sessionWait;
	Poco::Int64 _sqliteMmapSize;
	mutable std::mutex _leaseMutex;
	std::deque<std::shared_ptr<LeaseWaiter>> _leaseQueue; // oldest first; shared with giveBack(), which notifies after unlocking
	int _leased = 0;
	Poco::UInt64 _waits = 0;
	Poco::UInt64 _waitTimeouts = 0;
	Poco::UInt64 _waitMicros = 0;
	Dialect _dialect;
	std::unique_ptr<Pool> _pPool;
	std::unique_ptr<GroupCommitWriter> _pWriter;
	std::unique_ptr<WalCheckpointer> _pCheckpointer; // SQLite file: WAL checkpoints off the writer thread
	::sqlite3* _pWriterHandle = nullptr;
	std::unique_ptr<SqliteConnection> _pWriterConnection;
	Poco::Data::SessionImpl* _pWriterImpl = nullptr;
	std::string _sqlitePath;
	std::mutex _readersMutex;
	std::condition_variable _readerFree;
	std::vector<std::unique_ptr<SqliteConnection>> _idleReaders;
	int _openReaders = 0;
};


class Transaction
	/// A write transaction on one session, rolled back unless committed.
	/// SQLite takes the write lock at BEGIN (BEGIN IMMEDIATE) so a writer
	/// waits on busy_timeout instead of failing with SQLITE_BUSY on lock
	/// upgrade. Requests write through Database::write(); this is for the
	/// migrations at start-up and for PostgreSQL sessions held across steps.
	/// On PostgreSQL, BEGIN / COMMIT / ROLLBACK go as simple queries through
	/// libpq: one round trip each, where a POCO statement takes four.
{
public:
	Transaction(Database& database, Poco::Data::Session& session);
		/// Begins the transaction.

	~Transaction();
		/// Rolls back if commit() was not called.

	void commit();
		/// Commits; throws Poco::Data::DataException on failure.

private:
	void run(const char* sql);

	Poco::Data::Session& _session;
	bool _postgres;
	bool _done = false;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_Database_INCLUDED
