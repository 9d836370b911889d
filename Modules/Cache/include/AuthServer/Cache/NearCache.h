//
// NearCache.h
//
// A per-instance copy of recently read Redis entries, kept coherent by
// Redis's server-assisted client-side caching (CLIENT TRACKING).
//


#ifndef AuthServer_Cache_NearCache_INCLUDED
#define AuthServer_Cache_NearCache_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Cache/RedisCache.h"
#include "Poco/Event.h"
#include "Poco/Timespan.h"
#include <atomic>
#include <chrono>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>


namespace Poco {
namespace Redis {
	class RedisInputStream;
} }


namespace AuthServer {
namespace Cache {


class NearCache: public Cache
	/// A Cache on Redis (a RedisCache it owns) with a bounded in-process copy
	/// of the entries read under a few key families (the authenticated path:
	/// "jti:", "session:", "user:"), so a warm authenticated request makes no
	/// Redis round trip. Absent keys are cached too (most blacklist lookups
	/// miss). Keys outside the families, and every write and increment(), go
	/// to Redis unchanged (rate-limit counters are never near-cached).
	///
	/// Coherence comes from Redis itself: a listener thread holds one extra
	/// connection that runs CLIENT TRACKING on REDIRECT <its own id> BCAST
	/// PREFIX <keyPrefix><family>... and SUBSCRIBE __redis__:invalidate, so
	/// Redis sends it the name of every key under those prefixes that any
	/// client (any instance) writes, deletes, or that expires or is evicted,
	/// and a null payload on FLUSHDB / FLUSHALL. BCAST (rather than the
	/// default key-tracking mode) because tracking then lives on the one
	/// listener connection: pooled data connections stay plain, a listener
	/// reconnect (new client id) needs no re-pointing of them, and Redis keeps
	/// no per-key table of readers; the price, messages for keys this instance
	/// never read, is small because only three families are tracked.
	///
	/// Safety rules:
	///   1. Until the listener is subscribed (start-up, Redis restart,
	///      network loss), and from the moment it fails, the copy is flushed
	///      and bypassed: every read goes to Redis. A null invalidation
	///      (FLUSHALL) flushes it.
	///   2. A read that races an invalidation never stores what it read: an
	///      epoch, bumped by every invalidation, flush, connect and own
	///      write, is taken before the Redis read and the result is stored
	///      only if the epoch is unchanged and the listener still subscribed.
	///   3. An entry never outlives the key's Redis TTL (read with the value,
	///      GET + PTTL in one EVAL) nor maxAge seconds; at most maxEntries are
	///      kept, the least recently used is evicted (std::list + hash map).
	///
	/// Immediate revocation across instances: Redis queues the invalidation
	/// for every listener while it runs the write, before the writer gets
	/// its reply, so once another instance has answered "revoked" the
	/// message is at least in flight. A read from the copy first checks that
	/// nothing is pending on the listener's socket (ioctl FIONREAD) and that
	/// the listener is not in the middle of applying what it read; if either,
	/// the read goes to Redis. What remains is a message still in the network
	/// between Redis and this instance (on one host: none in practice).
	///
	/// Every Redis failure is the RedisCache's Poco::IOException, unchanged.
	/// Thread-safe.
{
public:
	struct Settings
	{
		RedisCache::Settings redis;
		std::vector<std::string> families;  /// key prefixes (without redis.keyPrefix) that are near-cached; must not overlap
		std::size_t maxEntries = 100000;    /// entries kept; the least recently used goes first
		int maxAge = 60;                    /// seconds an entry is served at most
		Poco::Timespan reconnectDelay = Poco::Timespan(0, 500000); /// wait between listener connection attempts
	};

	struct Counters
	{
		Poco::UInt64 hits = 0;          /// reads answered from the copy
		Poco::UInt64 misses = 0;        /// reads of near-cached keys that went to Redis
		Poco::UInt64 invalidations = 0; /// keys invalidated by Redis (a flush counts once)
	};

	explicit NearCache(const Settings& settings);
		/// Starts the listener thread (it connects in the background; until
		/// then every read goes to Redis). Throws Poco::InvalidArgumentException
		/// when maxEntries or maxAge is < 1.

	~NearCache() override;
		/// Stops and joins the listener (at most about the Redis timeout).

	std::optional<std::string> get(const std::string& key) override;
	std::vector<std::optional<std::string>> getMany(const std::vector<std::string>& keys) override;
		/// Answers from the copy when every near-cached key is there and
		/// the copy is usable; otherwise one Redis round trip (EVAL of GET +
		/// PTTL for the near-cached keys, MGET for the others).
	void set(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool add(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool remove(const std::string& key) override;
		/// Write to Redis, then drop the local entry (the listener's message
		/// follows; other instances get theirs).
	Poco::Int64 increment(const std::string& key, int ttlSeconds) override;
		/// Always Redis (never near-cached).
	bool ping() override;
	std::string name() const override;
		/// "redis" (the backend; the copy is an optimisation).

	bool tracking() const;
		/// Returns whether the listener is subscribed (the copy is in use).

	Counters counters() const;
		/// Returns the hit, miss and invalidation counts so far.

	std::size_t size() const;
		/// Returns the number of entries held.

protected:
	virtual void afterRead();
		/// Called after a Redis read of near-cached keys and before its
		/// result is stored; does nothing (tests override it to let a write
		/// race the read).

private:
	using Clock = std::chrono::steady_clock;

	struct Entry
	{
		std::string key;
		std::optional<std::string> value;
		Clock::time_point expires;
	};

	bool nearCached(const std::string& key) const;
	bool usable() const;
		/// Subscribed, nothing pending on the listener socket, not applying.
	bool lookup(const std::string& key, std::optional<std::string>& value, Clock::time_point now);
	void store(const std::string& key, const RedisCache::Entry& entry, Clock::time_point readAt, Poco::UInt64 epoch);
	void invalidate(const std::string& key);
	void flush();
		/// Drops every entry and bumps the epoch.
	std::vector<std::optional<std::string>> read(const std::vector<std::string>& keys);
	void listen();
		/// The listener thread: connect, track, subscribe, apply messages;
		/// on any failure flush, wait reconnectDelay and start again.
	void session();
		/// One listener connection, until it fails or stop is requested.
	void apply(Poco::Redis::RedisInputStream& input);
		/// Reads one pub/sub message and applies it.

	Settings _settings;
	RedisCache _redis;
	mutable std::mutex _mutex;
	std::list<Entry> _lru;  /// most recently used first
	std::unordered_map<std::string, std::list<Entry>::iterator> _index;
	std::atomic<Poco::UInt64> _epoch{0};
	std::atomic<bool> _subscribed{false};
	std::atomic<bool> _applying{false};
	std::atomic<int> _fd{-1};
	std::atomic<bool> _stop{false};
	std::atomic<Poco::UInt64> _hits{0};
	std::atomic<Poco::UInt64> _misses{0};
	std::atomic<Poco::UInt64> _invalidations{0};
	bool _warned = false;   /// listener thread only: the outage was logged
	Poco::Event _wake;
	std::thread _listener;
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_NearCache_INCLUDED
