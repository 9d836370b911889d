//
// Cache.h
//
// The key-value store with TTLs that holds short-lived state: the access
// token blacklist, session revocation markers, user records, refresh
// grace answers, and (later) OTPs and rate-limit counters.
//


#ifndef AuthServer_Cache_Cache_INCLUDED
#define AuthServer_Cache_Cache_INCLUDED


#include "Poco/SharedPtr.h"
#include "Poco/Types.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Cache {


class Cache
	/// Interface of the shared cache. MemoryCache fills it in-process (the
	/// embedded default); a Redis implementation fills it for several
	/// instances. TTLs are in whole seconds and must be > 0. Every method
	/// is thread-safe and atomic per key. Implementations throw
	/// Poco::IOException (or a subclass) when the backend is unreachable.
{
public:
	using Ptr = Poco::SharedPtr<Cache>;

	virtual ~Cache() = default;

	virtual std::optional<std::string> get(const std::string& key) = 0;
		/// Returns the value, or nothing when absent or expired.

	virtual std::vector<std::optional<std::string>> getMany(const std::vector<std::string>& keys);
		/// Returns the value of each key, in the order of keys (nothing
		/// where absent or expired). A remote backend answers in one round
		/// trip (Redis MGET); this default calls get() per key. Not atomic
		/// across keys.

	virtual void set(const std::string& key, const std::string& value, int ttlSeconds) = 0;
		/// Stores value under key for ttlSeconds, replacing any value.

	virtual bool add(const std::string& key, const std::string& value, int ttlSeconds) = 0;
		/// Stores value only if the key is absent (SET NX); returns whether
		/// it was stored.

	virtual bool remove(const std::string& key) = 0;
		/// Deletes the key; returns whether it existed.

	virtual Poco::Int64 increment(const std::string& key, int ttlSeconds) = 0;
		/// Adds 1 to the integer under key (0 when absent) and returns the
		/// new value; the TTL is set when the key is created and not
		/// extended afterwards (a fixed window counter).

	virtual void sweepExpired();
		/// Drops the expired entries this process holds in memory now,
		/// so their memory can go back to the system (the server calls it
		/// when quiet, before malloc_trim: Http::ReactorServer::setIdleWork).
		/// Remote backends expire entries by themselves: this default does
		/// nothing.

	virtual bool ping() = 0;
		/// Returns whether the backend answers (for /ready).

	virtual std::string name() const = 0;
		/// Returns the backend's name ("memory", "redis").
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_Cache_INCLUDED
