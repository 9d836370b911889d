//
// FallbackCache.h
//
// A shared cache that an in-process one stands in for while the shared one
// is down (for the rate-limit counters).
//


#ifndef AuthServer_Cache_FallbackCache_INCLUDED
#define AuthServer_Cache_FallbackCache_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Cache/MemoryCache.h"
#include <atomic>
#include <mutex>


namespace AuthServer {
namespace Cache {


class FallbackCache: public Cache
	/// Forwards every call to the primary cache (Redis, shared by every
	/// instance) until it throws Poco::IOException (the backend is down);
	/// from then on calls go to an in-process MemoryCache, so the
	/// rate-limit counters and lockouts still count, per instance, instead
	/// of failing open (an attacker would otherwise get unlimited password
	/// guesses during a Redis outage; OWASP ASVS 2.2.1, NIST SP 800-63B
	/// §5.2.2). The primary is tried again at most once per probeInterval
	/// seconds (a dead Redis costs each request its connect timeout
	/// otherwise); once it answers, calls go back to it. Each switch is
	/// logged once (logger "AuthServer.RateLimit"); fallbackCalls() counts
	/// the calls answered in-process (authserver_rate_limit_fallback_total).
	/// Thread-safe.
{
public:
	FallbackCache(Cache& primary, int probeInterval = 1);
		/// probeInterval: seconds between tries of a primary found down.

	std::optional<std::string> get(const std::string& key) override;
	std::vector<std::optional<std::string>> getMany(const std::vector<std::string>& keys) override;
	void set(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool add(const std::string& key, const std::string& value, int ttlSeconds) override;
	bool remove(const std::string& key) override;
	Poco::Int64 increment(const std::string& key, int ttlSeconds) override;
	void sweepExpired() override;
		/// Sweeps the in-process cache and the primary.
	bool ping() override;
		/// The primary's ping (for /ready the primary is what matters).
	std::string name() const override;
		/// "<primary>+memory".

	bool fallingBack() const;
		/// Returns whether calls currently go to the in-process cache.

	Poco::UInt64 fallbackCalls() const;
		/// Returns how many calls the in-process cache answered so far.

private:
	template <class F>
	auto call(F&& f) -> decltype(f(std::declval<Cache&>()));

	void enterFallback(const std::string& reason);
	void leaveFallback();

	Cache& _primary;
	MemoryCache _memory;
	int _probeInterval;
	std::atomic<bool> _falling{false};
	std::atomic<Poco::Int64> _nextProbe{0};
	std::atomic<Poco::UInt64> _fallbackCalls{0};
	std::mutex _switchMutex;
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_FallbackCache_INCLUDED
