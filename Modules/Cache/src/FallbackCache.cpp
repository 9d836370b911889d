//
// FallbackCache.cpp
//


#include "AuthServer/Cache/FallbackCache.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include <chrono>


namespace AuthServer {
namespace Cache {


namespace
{
	Poco::Int64 monotonicSeconds()
	{
		return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
	}
}


FallbackCache::FallbackCache(Cache& primary, int probeInterval):
	_primary(primary),
	_probeInterval(probeInterval < 0 ? 0 : probeInterval)
{
}


template <class F>
auto FallbackCache::call(F&& f) -> decltype(f(std::declval<Cache&>()))
{
	if (!_falling.load() || monotonicSeconds() >= _nextProbe.load())
	{
		try
		{
			auto result = f(_primary);
			if (_falling.load()) leaveFallback();
			return result;
		}
		catch (Poco::IOException& exc)
		{
			enterFallback(exc.displayText());
		}
	}
	++_fallbackCalls;
	return f(_memory);
}


void FallbackCache::enterFallback(const std::string& reason)
{
	_nextProbe.store(monotonicSeconds() + _probeInterval);
	std::lock_guard<std::mutex> lock(_switchMutex);
	if (_falling.exchange(true)) return;
	Poco::Logger::get("AuthServer.RateLimit").warning(
		"%s cache down (%s): rate limits and lockouts count in this instance's memory until it answers again", _primary.name(), reason);
}


void FallbackCache::leaveFallback()
{
	std::lock_guard<std::mutex> lock(_switchMutex);
	if (!_falling.exchange(false)) return;
	Poco::Logger::get("AuthServer.RateLimit").information("%s cache answers again: rate limits count there again", _primary.name());
}


std::optional<std::string> FallbackCache::get(const std::string& key)
{
	return call([&](Cache& c) { return c.get(key); });
}


std::vector<std::optional<std::string>> FallbackCache::getMany(const std::vector<std::string>& keys)
{
	return call([&](Cache& c) { return c.getMany(keys); });
}


void FallbackCache::set(const std::string& key, const std::string& value, int ttlSeconds)
{
	call([&](Cache& c) { c.set(key, value, ttlSeconds); return true; });
}


bool FallbackCache::add(const std::string& key, const std::string& value, int ttlSeconds)
{
	return call([&](Cache& c) { return c.add(key, value, ttlSeconds); });
}


bool FallbackCache::remove(const std::string& key)
{
	return call([&](Cache& c) { return c.remove(key); });
}


Poco::Int64 FallbackCache::increment(const std::string& key, int ttlSeconds)
{
	return call([&](Cache& c) { return c.increment(key, ttlSeconds); });
}


void FallbackCache::sweepExpired()
{
	_memory.sweepExpired();
	_primary.sweepExpired();
}


bool FallbackCache::ping()
{
	return _primary.ping();
}


std::string FallbackCache::name() const
{
	return _primary.name() + "+memory";
}


bool FallbackCache::fallingBack() const
{
	return _falling.load();
}


Poco::UInt64 FallbackCache::fallbackCalls() const
{
	return _fallbackCalls.load();
}


} } // namespace AuthServer::Cache
