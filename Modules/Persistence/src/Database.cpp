//
// Database.cpp
//


#include "AuthServer/Persistence/Database.h"
#include "LeasedSessionImpl.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "SqliteConnection.h"
#include "WalCheckpointer.h"
#include "Poco/Data/SQLite/Utility.h"
#include "Poco/Data/SQLite/Connector.h"
#include "Poco/Data/PostgreSQL/Connector.h"
#include "Poco/Data/SessionPool.h"
#include "Poco/Exception.h"
#include "Poco/Data/DataException.h"
#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <sqlite3.h>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	constexpr int WAL_CHECKPOINT_PAGES = 1000; // SQLite's own automatic threshold (pages)

	void configureSqliteLibrary()
		/// Turns SQLite's memory statistics off before its first connection
		/// opens (sqlite3_config works only before sqlite3_initialize:
		/// https://sqlite.org/c3ref/config.html; in a process that already
		/// initialized SQLite the call is refused and nothing changes). With
		/// the statistics on, SQLite's default, every sqlite3_malloc and
		/// sqlite3_free takes one process-wide mutex, and Debian's build
		/// (SQLITE_OMIT_LOOKASIDE) allocates many times in each prepare and
		/// step: 32 concurrent admin searches spent a quarter of their time
		/// waiting on that mutex, and turning it off doubled their
		/// throughput (issue 14). Nothing reads the statistics
		/// (sqlite3_memory_used) or sets a soft heap limit, which needs them.
	{
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}


	void setUpSqlite(Poco::Data::Session& session, Poco::Int64 mmapSize)
		/// WAL (readers never wait for the writer), synchronous=NORMAL (a
		/// commit appends to the WAL without fsync; the WAL is synced at
		/// checkpoints), a busy timeout for the rare wait (checkpoints,
		/// another process), foreign keys, and the first mmapSize bytes
		/// (database.sqliteMmapSize) of the file read through a memory map.
	{
		session << "PRAGMA busy_timeout = 10000", now;
		session << "PRAGMA journal_mode = WAL", now;
		session << "PRAGMA synchronous = NORMAL", now;
		session << "PRAGMA foreign_keys = ON", now;
		// A PRAGMA takes no bound value; mmapSize is an integer.
		session << "PRAGMA mmap_size = " + std::to_string(mmapSize), now;
	}
}


class Database::Pool: public Poco::Data::SessionPool
	/// A SessionPool that sets each new SQLite session up for concurrent
	/// use: WAL journal, a busy timeout, foreign keys and the memory map
	/// (setUpSqlite).
{
public:
	Pool(const std::string& connector, const std::string& url, int poolSize, Dialect dialect, Poco::Int64 sqliteMmapSize):
		Poco::Data::SessionPool(connector, url, 1, poolSize, 300),
		_dialect(dialect),
		_sqliteMmapSize(sqliteMmapSize)
	{
	}

protected:
	void customizeSession(Poco::Data::Session& session) override
	{
		if (_dialect == Dialect::SQLite) setUpSqlite(session, _sqliteMmapSize);
	}

private:
	Dialect _dialect;
	Poco::Int64 _sqliteMmapSize;
};


Database::Database(const std::string& connector, const std::string& url, int poolSize, Poco::Timespan sessionWait, Poco::Int64 sqliteMmapSize):
	_poolSize(poolSize),
	_sessionWait(sessionWait),
	_sqliteMmapSize(sqliteMmapSize)
{
	if (sqliteMmapSize < 0) throw Poco::InvalidArgumentException("database.sqliteMmapSize must not be negative");
	if (connector == "sqlite")
	{
		static std::once_flag configured;
		std::call_once(configured, configureSqliteLibrary);
		Poco::Data::SQLite::Connector::registerConnector();
		_dialect = Dialect::SQLite;
		std::string target = url == ":memory:" ? std::string("file::memory:?cache=shared") : url;
		_pPool.reset(new Pool(Poco::Data::SQLite::Connector::KEY, target, poolSize, _dialect, _sqliteMmapSize));
		_connectorKey = Poco::Data::SQLite::Connector::KEY;
		_url = target;
		// The one write session, outside the pool: only the writer's
		// thread uses it.
		Poco::Data::Session writeSession(Poco::Data::SQLite::Connector::KEY, target);
		setUpSqlite(writeSession, _sqliteMmapSize);
		_pWriterHandle = Poco::Data::SQLite::Utility::dbHandle(writeSession);
		_pWriterConnection.reset(new SqliteConnection(_pWriterHandle));
		_pWriterImpl = writeSession.impl();
		if (url != ":memory:")
		{
			// The WAL checkpoints leave the writer's commits (issue 14:
			// each one that crossed 1000 pages stalled every write behind
			// it on two syncs).
			_pCheckpointer.reset(new WalCheckpointer(target, WAL_CHECKPOINT_PAGES));
			_pCheckpointer->attach(_pWriterHandle);
		}
		_pWriter.reset(new GroupCommitWriter(writeSession));
		if (url != ":memory:") _sqlitePath = url;
	}
	else if (connector == "postgresql")
	{
		Poco::Data::PostgreSQL::Connector::registerConnector();
		_dialect = Dialect::PostgreSQL;
		_pPool.reset(new Pool(Poco::Data::PostgreSQL::Connector::KEY, url, poolSize, _dialect, 0));
		_connectorKey = Poco::Data::PostgreSQL::Connector::KEY;
		_url = url;
	}
	else throw Poco::InvalidArgumentException("unknown database connector", connector);
	session(); // open the first session now so a bad url fails at start-up
}


Poco::Data::Session Database::dedicatedSession()
{
	Poco::Data::Session session(_connectorKey, _url);
	if (_dialect == Dialect::SQLite) setUpSqlite(session, _sqliteMmapSize);
	return session;
}


Database::~Database()
{
	if (_pWriter) _pWriter->stop();
	if (_pCheckpointer) _pCheckpointer->detach(_pWriterHandle);
	_pCheckpointer.reset();
	// The writer's prepared statements go before its session closes.
	_pWriterConnection.reset();
	_pWriter.reset();
	_idleReaders.clear();
	if (_pPool) _pPool->shutdown();
}


int Database::defaultPoolSize(const std::string& connector, int cores)
{
	int perCore = connector == "postgresql" ? 4 : 2;
	return std::max(8, perCore * std::max(1, cores));
}


bool Database::preparedReads() const
{
	return !_sqlitePath.empty();
}


void Database::readSqlite(const SqliteWork& work)
{
	if (_sqlitePath.empty()) throw Poco::IllegalStateException("prepared reads need a SQLite database file");
	std::unique_ptr<SqliteConnection> pConnection;
	{
		std::unique_lock<std::mutex> lock(_readersMutex);
		_readerFree.wait(lock, [this] { return !_idleReaders.empty() || _openReaders < _poolSize; });
		if (!_idleReaders.empty())
		{
			pConnection = std::move(_idleReaders.back());
			_idleReaders.pop_back();
		}
		else ++_openReaders;
	}
	struct GiveBack
	{
		Database& database;
		std::unique_ptr<SqliteConnection>& pConnection;
		~GiveBack()
		{
			std::lock_guard<std::mutex> lock(database._readersMutex);
			if (pConnection) database._idleReaders.push_back(std::move(pConnection));
			else --database._openReaders;
			database._readerFree.notify_one();
		}
	} giveBack{*this, pConnection};
	if (!pConnection) pConnection.reset(new SqliteConnection(_sqlitePath));
	work(*pConnection);
}


SqliteConnection* Database::writerConnection(Poco::Data::Session& session)
{
	if (!_pWriterConnection) return nullptr;
	if (session.impl() != _pWriterImpl) return nullptr;
	return _pWriterConnection.get();
}


void Database::write(const Work& work)
{
	if (_pWriter)
	{
		_pWriter->execute(work);
		return;
	}
	Poco::Data::Session db = session();
	Transaction transaction(*this, db);
	work(db);
	transaction.commit();
}


void Database::writeStatement(const Work& work)
{
	if (_pWriter)
	{
		_pWriter->execute(work);
		return;
	}
	Poco::Data::Session db = session();
	work(db);
}


GroupCommitWriter::Stats Database::writerStats() const
{
	return _pWriter ? _pWriter->stats() : GroupCommitWriter::Stats();
}


std::size_t Database::walCheckpoints() const
{
	return _pCheckpointer ? _pCheckpointer->checkpoints() : 0;
}


Database::PoolUsage Database::poolUsage() const
{
	PoolUsage usage;
	usage.busy = _pPool->used();
	usage.idle = _pPool->idle();
	usage.max = _pPool->capacity();
	return usage;
}


Poco::Data::Session Database::session()
{
	// POCO's SessionPool throws at once when every session is busy; a burst
	// larger than the pool waits here instead (no polling: a returned
	// session wakes one waiter), for at most _sessionWait, then gets the
	// busy answer (503 with Retry-After). Waiters are served first come,
	// first served: giveBack() hands the lease to the oldest one, and a
	// caller that finds anyone waiting queues behind them. When a returned
	// lease was only counted free, a caller arriving then could take it
	// before the woken waiter got the mutex back, and that waiter slept
	// again, possibly until its limit and a 503, while later callers went
	// through (issue 14).
	{
		std::unique_lock<std::mutex> lock(_leaseMutex);
		if (_leaseQueue.empty() && _leased < _poolSize) ++_leased;
		else
		{
			++_waits;
			std::shared_ptr<LeaseWaiter> me = std::make_shared<LeaseWaiter>();
			_leaseQueue.push_back(me);
			auto start = std::chrono::steady_clock::now();
			bool granted = me->wake.wait_for(lock, std::chrono::microseconds(_sessionWait.totalMicroseconds()), [&me] { return me->granted; });
			_waitMicros += static_cast<Poco::UInt64>(std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count());
			if (!granted)
			{
				// Not granted, so still queued (giveBack() dequeues whom it grants).
				_leaseQueue.erase(std::find(_leaseQueue.begin(), _leaseQueue.end(), me));
				++_waitTimeouts;
				throw Poco::Data::SessionPoolExhaustedException("no database session free within " + std::to_string(_sessionWait.totalMilliseconds()) + " ms", std::to_string(_poolSize) + " in use");
			}
			// The lease giveBack() passed on is ours: _leased still counts it.
		}
	}
	try
	{
		return Poco::Data::Session(new LeasedSessionImpl(pooledSession(), [this] { giveBack(); }));
	}
	catch (...)
	{
		giveBack();
		throw;
	}
}


void Database::giveBack()
{
	std::shared_ptr<LeaseWaiter> pOldest;
	{
		std::lock_guard<std::mutex> lock(_leaseMutex);
		if (_leaseQueue.empty())
		{
			--_leased;
			return;
		}
		pOldest = _leaseQueue.front();
		_leaseQueue.pop_front();
		pOldest->granted = true;
	}
	// After unlocking: a waiter woken while this thread still held the
	// mutex would block on it at once, a second sleep and wake-up for
	// each handed-over lease. The shared LeaseWaiter outlives a waiter
	// that saw granted (a spurious or timed wake-up) and already left.
	pOldest->wake.notify_one();
}


Poco::Data::Session Database::pooledSession()
{
	if (_dialect == Dialect::SQLite) return _pPool->get();
	// A pooled PostgreSQL connection still looks good after the server
	// restarted; only a failed statement marks it bad (then the pool purges
	// it). Each one handed out is checked first, so a database restart
	// costs no request an error: a poll of its socket (the server's goodbye
	// and EOF are waiting there), no round trip. A closed one is left
	// CONNECTION_BAD and the pool drops it.
	for (int check = 0; check < _poolSize; ++check)
	{
		Poco::Data::Session s = _pPool->get();
		if (PgConnection(s).alive()) return s;
	}
	return _pPool->get();
}


Database::WaitStats Database::waitStats() const
{
	std::lock_guard<std::mutex> lock(_leaseMutex);
	WaitStats stats;
	stats.waits = _waits;
	stats.timeouts = _waitTimeouts;
	stats.waitMicros = _waitMicros;
	stats.waiting = static_cast<int>(_leaseQueue.size());
	return stats;
}


Database::Dialect Database::dialect() const
{
	return _dialect;
}


std::string Database::dialectName() const
{
	return _dialect == Dialect::SQLite ? "sqlite" : "postgresql";
}


std::string Database::sql(const std::string& text) const
{
	if (_dialect == Dialect::SQLite) return text;
	std::string result;
	result.reserve(text.size() + 16);
	bool inLiteral = false;
	int n = 0;
	for (char c: text)
	{
		if (c == '\'') inLiteral = !inLiteral;
		if (c == '?' && !inLiteral)
			result += "$" + std::to_string(++n);
		else
			result += c;
	}
	return result;
}


bool Database::ping()
{
	try
	{
		Poco::Data::Session s = session();
		if (std::optional<PgConnection> pg = PgConnection::of(*this, s))
		{
			// Prepared once per connection: one round trip per probe,
			// where a POCO statement takes four.
			std::vector<PgConnection::Row> rows = pg->execute("SELECT 1", {});
			return rows.size() == 1 && rows.front().size() == 1 && rows.front()[0] == std::string("1");
		}
		int one = 0;
		s << "SELECT 1", into(one), now;
		return one == 1;
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


Transaction::Transaction(Database& database, Poco::Data::Session& session):
	_session(session),
	_postgres(database.dialect() == Database::Dialect::PostgreSQL && PgConnection::isPostgres(session))
{
	if (database.dialect() == Database::Dialect::SQLite)
		_session << "BEGIN IMMEDIATE", now;
	else
		run("BEGIN");
}


void Transaction::run(const char* sql)
{
	if (_postgres) PgConnection(_session).command(sql);
	else _session << sql, now;
}


Transaction::~Transaction()
{
	if (!_done)
	{
		try
		{
			run("ROLLBACK");
		}
		catch (...)
		{
		}
	}
}


void Transaction::commit()
{
	run("COMMIT");
	_done = true;
}


} } // namespace AuthServer::Persistence
