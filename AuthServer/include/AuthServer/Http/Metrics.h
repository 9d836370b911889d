//
// Metrics.h
//
// Request counters, latency histograms and gauges, rendered in Prometheus
// text exposition format for GET /metrics.
//


#ifndef AuthServer_Http_Metrics_INCLUDED
#define AuthServer_Http_Metrics_INCLUDED


#include "AuthServer/Http/ConnectionStats.h"
#include "AuthServer/Http/Route.h"
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>


namespace Poco {
namespace Net {
	class HTTPServer;
} }


namespace AuthServer {
namespace Cache {
class FallbackCache;
class NearCache;
}
namespace Delivery {
	class DeliveryQueue;
}
namespace Identity {
	class OtpService;
}
namespace Persistence {
	class Database;
	class RetentionJob;
}
namespace Http {


class Metrics
	/// Counts every answered request by route pattern, method and status,
	/// and its duration in a fixed-bucket histogram by route; counts login
	/// answers by outcome; reads queue depths, delivery counters, HTTP
	/// worker pool and database connection pool usage when rendered.
	///
	/// The hot path (record()) takes no lock: the slots of every route are
	/// allocated up front from the route table, and each counter is a
	/// relaxed std::atomic (a request does one hash lookup by Route pointer
	/// and three to four fetch_adds). Labels are bounded: `route` is the
	/// route pattern or "unmatched" (404/405), never the raw path; `method`
	/// of unmatched requests is one of the usual verbs or "other"; `status`
	/// is 100..599.
	///
	/// Names follow API.md (GET /metrics) and the Prometheus naming
	/// conventions (base units: seconds; counters end in _total).
{
public:
	static constexpr std::size_t BUCKET_COUNT = 13;
	static const std::array<double, BUCKET_COUNT> BUCKETS;
		/// Upper bounds of the latency histogram, in seconds (+Inf implied).

	explicit Metrics(const std::vector<Route>& routes);
		/// Allocates the slots of every route of routes (the route table; it
		/// must outlive this object) and of unmatched requests.

	~Metrics();

	void record(const Route* pRoute, const std::string& method, int status, double seconds);
		/// Counts one answered request: pRoute is the matched route or null
		/// (404/405); method the request method; status the HTTP status
		/// (a status outside 100..599 is counted in the histogram only);
		/// seconds the handling time. Login routes are also counted in
		/// authserver_logins_total by outcome (see loginOutcome()).

	static const char* loginOutcome(int status);
		/// Maps the status of a login answer to a bounded outcome label:
		/// 2xx "success", 401 "invalid_credentials", 423 "locked",
		/// 429 "rate_limited", other 4xx "invalid_request", 5xx "error".

	void countCompatRequest(const std::string& profile);
		/// Counts one request a compatibility route of profile answered
		/// (authserver_compat_requests_total{profile}).

	void countLegacyExchange(bool exchanged);
		/// Counts one legacy refresh token presented: exchanged or refused
		/// (authserver_compat_legacy_exchanges_total{result}).

	void setHttpServer(const Poco::Net::HTTPServer* pServer);
		/// Reports the HTTP worker pool (busy threads, max threads, queued
		/// connections) of pServer; null stops it. Call before start and
		/// after stop of the server.

	void setConnectionStats(const ConnectionStats* pStats);
		/// Reports the event-driven connection layer (ReactorServer):
		/// authserver_http_connections_open, authserver_http_requests_queued,
		/// authserver_http_connections_refused_total{reason}, and the worker
		/// pool as authserver_pool_threads{pool="http"} and
		/// authserver_queue_depth{queue="http"}; null stops it.

	void setDeliveryQueue(Delivery::DeliveryQueue* pQueue);
		/// Reports sent/retried/dropped mail and SMS and the queue depth of
		/// pQueue; null stops it.

	void setOtpService(const Identity::OtpService* pOtp);
		/// Reports the codes and links the hourly cap (otp.maxSendsPerHour)
		/// kept from being sent, as authserver_sends_capped_total (they
		/// never reach the delivery queue, so they are not in
		/// authserver_messages_total).

	void setNearCache(const Cache::NearCache* pCache);
		/// Reports the near cache's hits, misses and invalidations
		/// (authserver_near_cache_total) and whether it is in use
		/// (authserver_near_cache_tracking); nothing when null (no Redis or
		/// redis.nearCache = false).

	void setRateLimitCache(const Cache::FallbackCache* pCache);
		/// Reports the rate-limit calls answered in-process while the
		/// shared cache was down (authserver_rate_limit_fallback_total) and
		/// whether that is the case now (authserver_rate_limit_fallback).

	void setDatabase(const Persistence::Database* pDatabase);
		/// Reports the database connection pool (busy, idle, max) of
		/// pDatabase as authserver_pool_connections{pool="database"}, and
		/// its waits for a free connection (Database::waitStats) as
		/// authserver_pool_waits_total, authserver_pool_wait_seconds_total,
		/// authserver_pool_wait_timeouts_total and authserver_pool_waiting;
		/// null stops it.

	void setRetentionJob(const Persistence::RetentionJob* pRetention);
		/// Reports the rows pRetention deleted as
		/// authserver_retention_rows_deleted_total{table}; null stops it.

	void setLegacyPasswordHashes(std::function<std::int64_t()> count);
		/// Reports count() (accounts whose password is still an imported
		/// Django hash) as authserver_compat_legacy_password_hashes; an
		/// empty function stops it. count may cache; it must not throw.

	std::string render() const;
		/// Returns the exposition (text/plain; version=0.0.4), each family
		/// with # HELP and # TYPE lines.

	std::uint64_t requests(const std::string& pattern, const std::string& method, int status) const;
		/// Returns the count of one series of authserver_http_requests_total
		/// (for tests); pattern "unmatched" for 404/405.

private:
	struct Slot
	{
		std::string route;
		std::string method;
		std::unique_ptr<std::atomic<std::uint64_t>[]> statuses;  /// index status - 100
		std::array<std::atomic<std::uint64_t>, BUCKET_COUNT + 1> buckets{};
		std::atomic<std::uint64_t> count{0};
		std::atomic<std::uint64_t> sumMicros{0};
		bool login = false;
	};

	Slot& slotOf(const Route* pRoute, const std::string& method);
	static std::size_t methodIndex(const std::string& method);

	static constexpr std::size_t STATUS_COUNT = 500;
	static const std::array<const char*, 8> METHODS;
	static const std::array<const char*, 6> OUTCOMES;

	std::vector<std::unique_ptr<Slot>> _slots;
	std::unordered_map<const Route*, Slot*> _byRoute;
	std::unordered_map<std::string, Slot*> _byKey;        /// "METHOD pattern", for routes of another table
	std::array<Slot*, 8> _unmatched{};
	std::array<std::atomic<std::uint64_t>, 6> _logins{};
	std::array<std::atomic<std::uint64_t>, 8> _compatRequests{};   /// by Compat::Profiles::all() index
	std::array<std::atomic<std::uint64_t>, 2> _legacyExchanges{};  /// exchanged, refused
	std::atomic<const Poco::Net::HTTPServer*> _pHttpServer{nullptr};
	std::atomic<const ConnectionStats*> _pConnections{nullptr};
	std::atomic<Delivery::DeliveryQueue*> _pQueue{nullptr};
	std::atomic<const Identity::OtpService*> _pOtp{nullptr};
	std::atomic<const Persistence::Database*> _pDatabase{nullptr};
	std::atomic<const Cache::FallbackCache*> _pRateLimitCache{nullptr};
	std::atomic<const Cache::NearCache*> _pNearCache{nullptr};
	std::atomic<const Persistence::RetentionJob*> _pRetention{nullptr};
	mutable std::mutex _legacyMutex;
	std::function<std::int64_t()> _legacyHashes;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_Metrics_INCLUDED
