//
// HashingPool.cpp
//


#include "AuthServer/Identity/HashingPool.h"
#include "AuthServer/Core/AuthException.h"
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif


namespace AuthServer {
namespace Identity {


HashingPool::HashingPool(unsigned threads, unsigned queueLimit):
	_queueLimit(queueLimit)
{
	if (threads == 0) threads = 1;
	for (unsigned i = 0; i < threads; ++i) _workers.emplace_back([this] { work(); });
}


HashingPool::~HashingPool()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
	}
	_ready.notify_all();
	for (auto& worker: _workers) worker.join();
}


void HashingPool::enqueue(std::function<void()> job)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_queue.size() >= _queueLimit)
			throw Core::AuthException(Core::Problem::ServiceUnavailable, "The server is busy; try again shortly.").setRetryAfter(1);
		_queue.push_back(std::move(job));
	}
	_ready.notify_one();
}


void HashingPool::work()
{
#if defined(__linux__)
	// Linux applies nice per thread: lower this worker only.
	::setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), 10);
#endif
	for (;;)
	{
		std::function<void()> job;
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_ready.wait(lock, [this] { return _stopping || !_queue.empty(); });
			if (_queue.empty()) return;
			job = std::move(_queue.front());
			_queue.pop_front();
		}
		job();
	}
}


std::size_t HashingPool::queueDepth()
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _queue.size();
}


unsigned HashingPool::threads() const
{
	return static_cast<unsigned>(_workers.size());
}


} } // namespace AuthServer::Identity
