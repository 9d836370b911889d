//
// WalCheckpointer.h
//
// SQLite WAL checkpoints on a thread of their own, off the commit path.
//


#ifndef AuthServer_Persistence_WalCheckpointer_INCLUDED
#define AuthServer_Persistence_WalCheckpointer_INCLUDED


#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <thread>


struct sqlite3;


namespace AuthServer {
namespace Persistence {


class WalCheckpointer
	/// Runs the SQLite database's WAL checkpoints (PASSIVE, sqlite.org
	/// "wal.html" §3) on a connection and thread of its own. SQLite's
	/// automatic checkpoint runs inside the COMMIT that crosses the
	/// threshold, on the committing connection: the one writer thread
	/// (GroupCommitWriter) then syncs the WAL, copies pages and syncs the
	/// database file while every waiting write, and each request behind it,
	/// stands still. attach() replaces that automatic checkpoint on the
	/// writer's connection with a hook that only wakes this thread once the
	/// WAL holds thresholdPages pages; the writer goes on appending while
	/// the checkpoint runs (WAL mode allows one writer beside a checkpoint).
	/// A PASSIVE checkpoint never waits for readers or the writer; a
	/// checkpoint already running (the retention job's TRUNCATE one) makes
	/// it give up until the next wake-up.
{
public:
	WalCheckpointer(const std::string& path, int thresholdPages);
		/// Opens path (an existing SQLite database in WAL mode) and starts
		/// the thread. thresholdPages: WAL size (pages) that asks for a
		/// checkpoint (SQLite's own default is 1000). Throws
		/// Poco::Data::DataException when the database cannot be opened.

	~WalCheckpointer();
		/// Stops the thread (a running checkpoint finishes first) and
		/// closes the connection. detach() must have run before.

	void attach(sqlite3* pWriter);
		/// Turns the writer connection's automatic checkpoint off and
		/// installs the hook (sqlite3_wal_hook) that wakes this thread.
		/// Call while no other thread uses pWriter.

	void detach(sqlite3* pWriter);
		/// Removes the hook again (the writer must not commit meanwhile).

	std::size_t checkpoints() const;
		/// Returns how many checkpoints ran so far.

private:
	static int onCommit(void* pContext, sqlite3* pDb, const char* pDatabaseName, int pages);
	void run();

	sqlite3* _pDb = nullptr;
	int _thresholdPages;
	std::mutex _mutex;
	std::condition_variable _wake;
	bool _requested = false;
	bool _stopping = false;
	std::atomic<std::size_t> _checkpoints{0};
	std::thread _thread;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_WalCheckpointer_INCLUDED
