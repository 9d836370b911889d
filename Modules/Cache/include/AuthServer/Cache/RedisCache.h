//
// RedisCache.h
//
// The Cache on a Redis server, shared by several AuthServer instances.
//


#ifndef AuthServer_Cache_RedisCache_INCLUDED
#define AuthServer_Cache_RedisCache_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "Poco/Redis/Array.h"
#include "Poco/Redis/Client.h"
#include "Poco/Redis/Type.h"
#include "Poco/Timespan.h"
#include <memory>
#include <mutex>
#include <vector>


namespace AuthServer {
namespace Cache {


class RedisCache: public Cache
	/// A Cache on one Redis server through POCO Redis, so every instance
	/// behind a load balancer sees the same blacklist, revocation markers,
	/// grace answers, single-use markers and counters. Each command is a
	/// single Redis command (atomic on the server): add() is SET NX EX,
	/// increment() is one EVAL of INCR + EXPIRE-on-create, so two instances
	/// racing on one key see exactly one winner / distinct counts.
	///
	/// Connections come from a small pool: at most poolSize idle connections
	/// are kept; a request finding none idle opens a new one. A connection
	/// that fails (network error, timeout) is closed, not returned, and the
	/// idle ones with it; a command that failed on a reused (possibly
	/// stale, e.g. after a Redis restart) connection is retried once on a
	/// new one, unless it timed out. Every
	/// failure is thrown as Poco::IOException("redis ...") so callers treat
	/// "cache down" alike for both backends; the next call reconnects, so
	/// the cache recovers by itself when Redis comes back.
	///
	/// Keys are stored as keyPrefix + key, so several deployments (or test
	/// runs) can share one Redis database.
{
public:
	struct Settings
	{
		std::string host = "127.0.0.1";
		int port = 6379;
		std::string password;     /// AUTH when not empty
		int database = 0;         /// SELECT when not 0
		std::string keyPrefix = "authserver:";
		int poolSize = 8;         /// idle connections kept
		Poco::Timespan timeout = Poco::Timespan(2, 0); /// connect and reply timeout
	};

	struct Entry
	{
		std::optional<std::string> value; /// nothing when the key is absent
		Poco::Int64 ttlMilliseconds = -2;  /// Redis PTTL: > 0 remaining, -1 no TTL, -2 absent
	};

	explicit RedisCache(const Settings& settings);
		/// Keeps settings; does not connect (ping() or the first call does).

	~RedisCache() override;

	std::optional<std::string> get(const std::string& key) override;
	std::vector<std::optional<std::string>> getMany(const std::vector<std::string>& keys) override;
		/// One MGET: one round trip for every key.
	std::vector<Entry> getManyWithTtl(const std::vector<std::string>& keys);
		/// Returns each key's value and remaining TTL (milliseconds), in the
		/// order of keys, from one EVAL of GET + PTTL per key: one round
		/// trip, and the value and TTL are read atomically (the NearCache
		/// needs the TTL so that a copy never outlives the Redis key).
		/// Throws Poco::IOException like every other call.
	const Settings& settings() const;
		/// Returns the settings given to the constructor.
	void set(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool add(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool remove(const std::string& key) override;
	Poco::Int64 increment(const std::string& key, int ttlSeconds) override;
	bool ping() override;
	std::string name() const override;

private:
	using ClientPtr = std::unique_ptr<Poco::Redis::Client>;

	ClientPtr acquire(bool& reused);
		/// Returns an idle connection (reused = true) or a new,
		/// authenticated one.

	void dropIdle();
		/// Closes every idle connection.

	void release(ClientPtr pClient);
		/// Returns a healthy connection to the idle list (or closes it).

	Poco::Redis::RedisType::Ptr run(const Poco::Redis::Array& command);
		/// Sends command on a pooled connection and returns the reply;
		/// throws Poco::IOException on any failure or an error reply.

	static void checkTtl(int ttlSeconds);

	Settings _settings;
	std::mutex _mutex;
	std::vector<ClientPtr> _idle;
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_RedisCache_INCLUDED
