//
// MemoryCache.cpp
//


#include "AuthServer/Cache/MemoryCache.h"
#include "Poco/Exception.h"
#include "Poco/NumberParser.h"
#include <functional>


namespace AuthServer {
namespace Cache {


MemoryCache::MemoryCache() = default;


MemoryCache::~MemoryCache() = default;


MemoryCache::Shard& MemoryCache::shardFor(const std::string& key)
{
	return _shards[std::hash<std::string>()(key) % SHARDS];
}


MemoryCache::TimePoint MemoryCache::deadline(int ttlSeconds)
{
	if (ttlSeconds <= 0) throw Poco::InvalidArgumentException("cache TTL must be positive");
	return std::chrono::steady_clock::now() + std::chrono::seconds(ttlSeconds);
}


void MemoryCache::sweepLocked(Shard& shard, TimePoint now)
{
	for (auto it = shard.map.begin(); it != shard.map.end();)
	{
		if (it->second.expires <= now) it = shard.map.erase(it);
		else ++it;
	}
}


void MemoryCache::noteWriteLocked(Shard& shard)
{
	if (++shard.writes % 1024 == 0) sweepLocked(shard, std::chrono::steady_clock::now());
}


std::optional<std::string> MemoryCache::get(const std::string& key)
{
	Shard& shard = shardFor(key);
	std::lock_guard<std::mutex> lock(shard.mutex);
	auto it = shard.map.find(key);
	if (it == shard.map.end()) return std::nullopt;
	if (it->second.expires <= std::chrono::steady_clock::now())
	{
		shard.map.erase(it);
		return std::nullopt;
	}
	return it->second.value;
}


void MemoryCache::set(const std::string& key, const std::string& value, int ttlSeconds)
{
	TimePoint expires = deadline(ttlSeconds);
	Shard& shard = shardFor(key);
	std::lock_guard<std::mutex> lock(shard.mutex);
	shard.map[key] = Entry{value, expires};
	noteWriteLocked(shard);
}


bool MemoryCache::add(const std::string& key, const std::string& value, int ttlSeconds)
{
	TimePoint expires = deadline(ttlSeconds);
	Shard& shard = shardFor(key);
	std::lock_guard<std::mutex> lock(shard.mutex);
	auto it = shard.map.find(key);
	if (it != shard.map.end() && it->second.expires > std::chrono::steady_clock::now()) return false;
	shard.map[key] = Entry{value, expires};
	noteWriteLocked(shard);
	return true;
}


bool MemoryCache::remove(const std::string& key)
{
	Shard& shard = shardFor(key);
	std::lock_guard<std::mutex> lock(shard.mutex);
	auto it = shard.map.find(key);
	if (it == shard.map.end()) return false;
	bool live = it->second.expires > std::chrono::steady_clock::now();
	shard.map.erase(it);
	return live;
}


Poco::Int64 MemoryCache::increment(const std::string& key, int ttlSeconds)
{
	TimePoint expires = deadline(ttlSeconds);
	Shard& shard = shardFor(key);
	std::lock_guard<std::mutex> lock(shard.mutex);
	auto it = shard.map.find(key);
	if (it == shard.map.end() || it->second.expires <= std::chrono::steady_clock::now())
	{
		shard.map[key] = Entry{"1", expires};
		noteWriteLocked(shard);
		return 1;
	}
	Poco::Int64 value = 0;
	if (!Poco::NumberParser::tryParse64(it->second.value, value))
		throw Poco::DataFormatException("cache value is not an integer");
	it->second.value = std::to_string(++value);
	return value;
}


bool MemoryCache::ping()
{
	return true;
}


std::string MemoryCache::name() const
{
	return "memory";
}


void MemoryCache::sweepExpired()
{
	const TimePoint now = std::chrono::steady_clock::now();
	for (Shard& shard: _shards)
	{
		std::lock_guard<std::mutex> lock(shard.mutex);
		sweepLocked(shard, now);
	}
}


std::size_t MemoryCache::size()
{
	std::size_t total = 0;
	for (Shard& shard: _shards)
	{
		std::lock_guard<std::mutex> lock(shard.mutex);
		total += shard.map.size();
	}
	return total;
}


} } // namespace AuthServer::Cache
