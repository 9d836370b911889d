//
// DeferredWork.h
//
// One worker thread for the account-dependent part of "202 always" requests.
//


#ifndef AuthServer_Identity_DeferredWork_INCLUDED
#define AuthServer_Identity_DeferredWork_INCLUDED


#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>


namespace AuthServer {
namespace Identity {


class DeferredWork
	/// Runs jobs in order on one worker thread, after the request that
	/// posted them has been answered. password/forgot, resend-verification
	/// and otp/request post the same job for every well-formed address, so
	/// the request thread does the same work whether or not an account
	/// exists; the lookup, the token insert and the mail happen here (issue
	/// 17 finding 5; OWASP ASVS 2.2.1 / 3.x enumeration, WSTG-IDNT-04).
	/// A job starts `delay` milliseconds after it was posted, on a thread
	/// of lower scheduling priority (nice +10), so its work does not land
	/// on the answer of the request that posted it (which a client could
	/// time) but on whatever the server does next. At most `capacity` jobs
	/// wait; a job posted to a full queue is dropped
	/// and logged (the rate limits keep that from happening in practice).
	/// A job's exception is logged, never propagated. Jobs still queued at
	/// stop() run before it returns, so a clean shutdown loses none; a
	/// crash loses what was queued (the caller answered 202, the user asks
	/// again).
{
public:
	DeferredWork(bool inlineMode, std::size_t capacity, int delay);
		/// inlineMode: run every job in post() itself, on the caller's
		/// thread (unit tests); otherwise start the worker. delay:
		/// milliseconds between a post and the start of its job.

	~DeferredWork();
		/// Calls stop().

	void post(std::function<void()> job);
		/// Queues job (or runs it, in inline mode). Never throws.

	void drain();
		/// Waits until every job posted so far has run (tests).

	void stop();
		/// Runs the queued jobs, then joins the worker. Later posts run
		/// inline. Idempotent.

private:
	void work();
	static void runSafely(const std::function<void()>& job);

	struct Job
	{
		std::chrono::steady_clock::time_point due;
		std::function<void()> run;
	};

	std::size_t _capacity;
	std::chrono::milliseconds _delay;
	std::mutex _mutex;
	std::condition_variable _ready;
	std::condition_variable _idle;
	std::deque<Job> _queue;
	std::thread _worker;
	bool _running = false;
	bool _busy = false;
	bool _stopping = false;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_DeferredWork_INCLUDED
