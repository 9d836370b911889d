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
	/// Owns the one write session of an SQLite database and runs every
	/// write transaction on it (issue 14). SQLite lets one connection write
	/// at a time; with one connection per request the others slept in the
	/// busy handler (steps of up to 100 ms). Here callers hand in a unit of
	/// work; one caller at a time, the leader, takes every unit waiting, runs
	/// each inside its own SAVEPOINT within one BEGIN IMMEDIATE ... COMMIT on
	/// its own thread, and wakes the others after the COMMIT. So n concurrent
	/// requests cost one commit (one WAL append and, under
	/// synchronous=NORMAL, no fsync), a caller is answered only after its
	/// own change is committed, and readers keep their own sessions (WAL:
	/// they never wait for the writer).
	///
	/// Leader and followers: a caller that finds nobody committing commits
	/// its unit (and any queued meanwhile) itself, with no thread switch; a
	/// caller that finds a commit running queues its unit and sleeps. When a
	/// leader's group has committed, the caller of the first unit queued
	/// since becomes the next leader and commits all that are queued. Before,
	/// a writer thread of its own ran every group: two more thread switches
	/// per request (about 6 per refresh in all).
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
		/// keys; opened in SQLite's serialized or multi-thread mode: the
		/// leaders use it from their threads, one at a time). At most
		/// maxGroupSize units share a transaction.

	~GroupCommitWriter();
		/// Calls stop().

	GroupCommitWriter(const GroupCommitWriter&) = delete;
	GroupCommitWriter& operator = (const GroupCommitWriter&) = delete;

	void execute(const Work& work);
		/// Runs work in the next group and returns once that group has
		/// committed; rethrows what work threw (its changes rolled back), or
		/// the exception with which its transaction failed. May run work,
		/// and the units of other callers, on the calling thread (as
		/// leader). Called from within a unit (on the leader's thread), runs
		/// work at once inside a nested SAVEPOINT of the current
		/// transaction. Throws Poco::IllegalStateException after stop().

	void stop();
		/// Returns once every unit already waiting has committed (the
		/// leaders in turn commit them); later execute() calls throw.
		/// Idempotent. Must not be called from within a unit.

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
		bool lead = false;          // guarded by mutex: the caller commits the next group
		std::mutex mutex;
		std::condition_variable finished;
	};

	void lead();
		// Takes up to _maxGroupSize waiting units, commits them on this
		// thread, wakes their callers and hands the lead to the caller of
		// the first unit still waiting (or ends it).
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
	std::condition_variable _idle;       // stop(): no leader, nothing queued
	std::deque<Unit*> _queue;
	bool _leading = false;               // a caller commits now (or was handed the lead); guarded by _mutex
	bool _stopping = false;
	std::atomic<std::thread::id> _leader; // the thread inside commitGroup, for nested units
	int _nesting = 0;                    // leader only
	std::unordered_map<std::string, ::sqlite3_stmt*> _statements; // leader only
	Stats _stats;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_GroupCommitWriter_INCLUDED
