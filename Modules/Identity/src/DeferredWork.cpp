//
// DeferredWork.cpp
//


#include "AuthServer/Identity/DeferredWork.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include <exception>
#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif


namespace AuthServer {
namespace Identity {


DeferredWork::DeferredWork(bool inlineMode, std::size_t capacity, int delay):
	_capacity(capacity == 0 ? 1 : capacity),
	_delay(delay < 0 ? 0 : delay)
{
	if (!inlineMode)
	{
		_running = true;
		_worker = std::thread([this] { work(); });
	}
}


DeferredWork::~DeferredWork()
{
	stop();
}


void DeferredWork::runSafely(const std::function<void()>& job)
{
	try
	{
		job();
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").error("deferred account work failed: %s", exc.displayText());
	}
	catch (std::exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").error("deferred account work failed: %s", std::string(exc.what()));
	}
}


void DeferredWork::post(std::function<void()> job)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_running && !_stopping)
		{
			if (_queue.size() >= _capacity)
			{
				Poco::Logger::get("AuthServer.Identity").warning("deferred account work dropped: %z jobs wait", _queue.size());
				return;
			}
			_queue.push_back(Job{std::chrono::steady_clock::now() + _delay, std::move(job)});
			_ready.notify_one();
			return;
		}
	}
	runSafely(job);
}


void DeferredWork::drain()
{
	std::unique_lock<std::mutex> lock(_mutex);
	_idle.wait(lock, [this] { return _queue.empty() && !_busy; });
}


void DeferredWork::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!_running || _stopping) return;
		_stopping = true;
	}
	_ready.notify_all();
	_worker.join();
	std::lock_guard<std::mutex> lock(_mutex);
	_running = false;
}


void DeferredWork::work()
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
			if (_queue.empty())
			{
				_idle.notify_all();
				return;
			}
			// Jobs are due in posting order; stop() runs the rest at once.
			_ready.wait_until(lock, _queue.front().due, [this] { return _stopping; });
			job = std::move(_queue.front().run);
			_queue.pop_front();
			_busy = true;
		}
		runSafely(job);
		{
			std::lock_guard<std::mutex> lock(_mutex);
			_busy = false;
			if (_queue.empty()) _idle.notify_all();
		}
	}
}


} } // namespace AuthServer::Identity
