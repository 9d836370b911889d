//
// HashingPool.h
//
// A bounded pool of low-priority threads for CPU-heavy password work.
//


#ifndef AuthServer_Identity_HashingPool_INCLUDED
#define AuthServer_Identity_HashingPool_INCLUDED


#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>


namespace AuthServer {
namespace Identity {


class HashingPool
	/// Runs Argon2 work on `threads` worker threads with a queue of at most
	/// `queueLimit` waiting jobs. A job offered to a full queue is refused
	/// at once with Core::AuthException service_unavailable (503,
	/// Retry-After 1) instead of holding a request thread for an unbounded
	/// wait, so a login burst cannot starve other requests (OWASP ASVS
	/// 2.2.1 anti-automation, and the core issue's "bounded pool").
	/// Workers run at a lower scheduling priority (nice +10) so requests
	/// that do not hash keep their latency under a login flood.
{
public:
	HashingPool(unsigned threads, unsigned queueLimit);
		/// Starts threads workers (at least 1).

	~HashingPool();
		/// Finishes queued jobs, then joins the workers.

	template <class R>
	R run(std::function<R()> job)
		/// Runs job on a worker and returns its result (or rethrows its
		/// exception); the caller waits. Throws AuthException
		/// service_unavailable when the queue is full.
	{
		auto pTask = std::make_shared<std::packaged_task<R()>>(std::move(job));
		std::future<R> result = pTask->get_future();
		enqueue([pTask] { (*pTask)(); });
		return result.get();
	}

	std::size_t queueDepth();
		/// Returns the number of jobs waiting (for metrics).

	unsigned threads() const;

private:
	void enqueue(std::function<void()> job);
	void work();

	unsigned _queueLimit;
	std::mutex _mutex;
	std::condition_variable _ready;
	std::deque<std::function<void()>> _queue;
	std::vector<std::thread> _workers;
	bool _stopping = false;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_HashingPool_INCLUDED
