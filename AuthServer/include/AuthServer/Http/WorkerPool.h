//
// WorkerPool.h
//
// A fixed set of threads running complete requests from a bounded queue.
//


#ifndef AuthServer_Http_WorkerPool_INCLUDED
#define AuthServer_Http_WorkerPool_INCLUDED


#include "AuthServer/Http/ConnectionStats.h"
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>


namespace AuthServer {
namespace Http {


class WorkerPool
	/// Runs jobs (the handler of one complete request each) on `threads`
	/// threads. At most `maxQueued` jobs wait; tryPost() refuses more
	/// instead of blocking the reactor. Updates stats.queued and stats.busy.
{
public:
	using Job = std::function<void()>;

	WorkerPool(std::size_t threads, std::size_t maxQueued, ConnectionStats& stats);
		/// Starts the threads. stats must outlive the pool.

	~WorkerPool();
		/// Calls stop().

	bool tryPost(Job job);
		/// Queues job; false (job dropped) when maxQueued jobs already wait
		/// or the pool is stopping.

	std::size_t postBatch(std::vector<Job>& jobs);
		/// Queues jobs from the front of jobs, as many as the queue takes,
		/// under one lock, and wakes at most as many sleeping workers as
		/// jobs were queued (one wake-up per round of the reactor instead of
		/// one per request). Returns how many were queued; the rest stay
		/// in jobs (moved-from ones are the queued).

	void stop();
		/// Runs the jobs already queued, then joins the threads.

private:
	void run();

	std::size_t _maxQueued;
	ConnectionStats& _stats;
	std::mutex _mutex;
	std::condition_variable _ready;
	std::deque<Job> _jobs;
	std::vector<std::thread> _threads;
	bool _stopping = false;
	std::size_t _waiting = 0;   /// workers asleep on _ready
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_WorkerPool_INCLUDED
