//
// MemoryCache.h
//
// The in-process Cache of the embedded profile.
//


#ifndef AuthServer_Cache_MemoryCache_INCLUDED
#define AuthServer_Cache_MemoryCache_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include <array>
#include <chrono>
#include <mutex>
#include <unordered_map>


namespace AuthServer {
namespace Cache {


class MemoryCache: public Cache
	/// A Cache held in this process's memory: 64 shards, each a hash map
	/// under its own mutex, so request threads rarely contend. Expired
	/// entries are dropped when read, swept from a shard every 1024
	/// writes to it, and from all by sweepExpired(). Not shared between processes: one instance only.
{
public:
	MemoryCache();
	~MemoryCache() override;

	std::optional<std::string> get(const std::string& key) override;
	void set(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool add(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool remove(const std::string& key) override;
	Poco::Int64 increment(const std::string& key, int ttlSeconds) override;
	void sweepExpired() override;
		/// Sweeps every shard now (each under its own mutex, one at a time):
		/// without writes, expired entries would stay until read.
	bool ping() override;
	std::string name() const override;

	std::size_t size();
		/// Returns the number of live and not yet swept entries.

private:
	using TimePoint = std::chrono::steady_clock::time_point;

	struct Entry
	{
		std::string value;
		TimePoint expires;
	};

	struct Shard
	{
		std::mutex mutex;
		std::unordered_map<std::string, Entry> map;
		unsigned writes = 0;
	};

	Shard& shardFor(const std::string& key);
	static TimePoint deadline(int ttlSeconds);
	static void sweepLocked(Shard& shard, TimePoint now);
	static void noteWriteLocked(Shard& shard);

	static constexpr std::size_t SHARDS = 64;
	std::array<Shard, SHARDS> _shards;
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_MemoryCache_INCLUDED
