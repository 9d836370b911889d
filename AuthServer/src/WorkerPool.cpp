//
// WorkerPool.cpp
//


#include "AuthServer/Http/WorkerPool.h"
#include "Poco/Logger.h"
#include <pthread.h>


namespace AuthServer {
namespace Http {


WorkerPool::WorkerPool(std::size_t threads, std::size_t maxQueued, ConnectionStats& stats):
	_maxQueued(maxQueued),
	_stats(stats)
{
	_stats.workers.store(threads);
	for (std::size_t i = 0; i < threads; ++i)
		_threads.emplace_back([this]
		{
			::pthread_setname_np(::pthread_self(), "http-worker");
			run();
		});
}


WorkerPool::~WorkerPool()
{
	stop();
}


bool WorkerPool::tryPost(Job job)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping || _jobs.size() >= _maxQueued) return false;
		_jobs.push_back(std::move(job));
		_stats.queued.store(_jobs.size(), std::memory_order_relaxed);
	}
	_ready.notify_one();
	return true;
}


std::size_t WorkerPool::postBatch(std::vector<Job>& jobs)
{
	std::size_t queued = 0;
	std::size_t wake = 0;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) return 0;
		while (queued < jobs.size() && _jobs.size() < _maxQueued) _jobs.push_back(std::move(jobs[queued++]));
		_stats.queued.store(_jobs.size(), std::memory_order_relaxed);
		wake = std::min(queued, _waiting);
	}
	for (std::size_t i = 0; i < wake; ++i) _ready.notify_one();
	return queued;
}


void WorkerPool::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping && _threads.empty()) return;
		_stopping = true;
	}
	_ready.notify_all();
	for (std::thread& thread: _threads)
		if (thread.joinable()) thread.join();
	_threads.clear();
}


void WorkerPool::run()
{
	for (;;)
	{
		Job job;
		{
			std::unique_lock<std::mutex> lock(_mutex);
			while (!_stopping && _jobs.empty())
			{
				++_waiting;
				_ready.wait(lock);
				--_waiting;
			}
			if (_jobs.empty()) return;
			job = std::move(_jobs.front());
			_jobs.pop_front();
			_stats.queued.store(_jobs.size(), std::memory_order_relaxed);
		}
		_stats.busy.fetch_add(1, std::memory_order_relaxed);
		try
		{
			job();
		}
		catch (std::exception& exc)
		{
			Poco::Logger::get("AuthServer.Http").error("worker: %s", std::string(exc.what()));
		}
		catch (...)
		{
			Poco::Logger::get("AuthServer.Http").error("worker: unknown exception");
		}
		_stats.busy.fetch_sub(1, std::memory_order_relaxed);
	}
}


} } // namespace AuthServer::Http
