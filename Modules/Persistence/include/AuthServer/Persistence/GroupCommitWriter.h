//
// GroupCommitWriter.h
//
// The one writer of an SQLite database: concurrent write transactions
// committed together.
//


#ifndef AuthServer_Persistence_GroupCommitWriter_INCLUDED
#define AuthServer_Persistence_GroupCommitWriter_INCLUDED


#include "Poco/Data/Session.h"
#include "Poco/Types.h"
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>


struct sqlite3;
struct sqlite3_stmt;


namespace AuthServer {
namespace Persistence {


class GroupCommitWriter
	/// Owns the one write session of an SQLite database and a thread that
	/// runs every write transaction on it (issue 14). SQLite lets one
	/// connection write at a time; with one connection per request the
	/// others slept in the busy handler (steps of up to 100 ms). Here callers
	/// hand in a unit of work and wait; the thread takes every unit waiting,
	/// runs each inside its own SAVEPOINT within one BEGIN IMMEDIATE ... COMMIT,
	/// and wakes the callers after the COMMIT. So n concurrent requests cost
	/// one commit (one WAL append and, under synchronous=NORMAL, no fsync),
	/// a caller is answered only after its own change is committed, and
	/// readers keep their own sessions (WAL: they never wait for the writer).
	///
	/// A unit that throws is rolled back to its savepoint and its exception
	/// is rethrown to its own caller only; the group's other units commit.
	/// If the group's transaction itself fails (COMMIT, or a ROLLBACK TO that
	/// fails because SQLite ended the transaction), each unit that did not
	/// throw is run again alone in a transaction of its own.
{
public:
	using Work = std::function<void(Poco::Data::Session&)>;
		/// Runs statements on the session it is given, and only on it: the
		/// writer holds the write lock while it runs, so a write on any other
		/// session of the same database would wait for it (busy_timeout).

	static constexpr std::size_t HISTOGRAM_BUCKETS = 10;
		/// Group sizes counted: <= 1, 2, 4, ... 256, then larger.

	struct Stats
	{
		Poco::UInt64 groups = 0;       /// transactions committed (or failed)
		Poco::UInt64 units = 0;        /// units run, each in one group
		Poco::UInt64 failedUnits = 0;  /// units whose caller got an exception
		Poco::UInt64 waiting = 0;      /// units queued now, not yet taken into a group
		std::array<Poco::UInt64, HISTOGRAM_BUCKETS> groupSizes{}; /// groups with size <= 2^i (last: any size)
	};

	explicit GroupCommitWriter(const Poco::Data::Session& session, std::size_t maxGroupSize = 256);
		/// Takes the session (already set up: WAL, busy_timeout, foreign
		/// keys) and starts the writer thread. At most maxGroupSize units
		/// share a transaction.

	~GroupCommitWriter();
		/// Calls stop().

	GroupCommitWriter(const GroupCommitWriter&) = delete;
	GroupCommitWriter& operator = (const GroupCommitWriter&) = delete;

	void execute(const Work& work);
		/// Runs work in the next group and returns once that group has
		/// committed; rethrows what work threw (its changes rolled back), or
		/// the exception with which its transaction failed. Called from
		/// within a unit (on the writer thread), runs work at once inside a
		/// nested SAVEPOINT of the current transaction. Throws
		/// Poco::IllegalStateException after stop().

	void stop();
		/// Lets the thread commit every unit already waiting, then ends it;
		/// later execute() calls throw. Idempotent.

	Stats stats() const;
		/// Returns the counters so far (for GET /metrics).

	static std::size_t bucketOf(std::size_t groupSize);
		/// Returns the histogram bucket of a group size: the smallest i with
		/// groupSize <= 2^i, at most HISTOGRAM_BUCKETS - 1.

private:
	struct Unit
	{
		const Work* pWork = nullptr;
		std::exception_ptr error;
		bool done = false;          // guarded by mutex, not by the writer's _mutex
		std::mutex mutex;
		std::condition_variable finished;
	};

	void run();
	void commitGroup(std::vector<Unit*>& group);
	void runAlone(Unit& unit);
	void runNested(const Work& work);
	void statement(const std::string& sql);
		// Runs a transaction-control statement (BEGIN, SAVEPOINT, RELEASE,
		// COMMIT, ROLLBACK) prepared once per text on the writer's
		// connection and reused: one SAVEPOINT and one RELEASE per unit,
		// parsed anew by sqlite3_exec each time before.
	void rollback();

	Poco::Data::Session _session;
	::sqlite3* _pHandle;
	const std::size_t _maxGroupSize;
	mutable std::mutex _mutex;
	std::condition_variable _wake;
	std::deque<Unit*> _queue;
	bool _stopping = false;
	bool _stopped = false;
	std::thread::id _writerId;
	int _nesting = 0;
	std::unordered_map<std::string, ::sqlite3_stmt*> _statements; // writer thread only
	Stats _stats;
	std::thread _thread;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_GroupCommitWriter_INCLUDED
