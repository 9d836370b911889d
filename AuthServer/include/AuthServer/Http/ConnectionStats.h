//
// ConnectionStats.h
//
// Gauges and counters of the event-driven connection layer, read by Metrics.
//


#ifndef AuthServer_Http_ConnectionStats_INCLUDED
#define AuthServer_Http_ConnectionStats_INCLUDED


#include <array>
#include <atomic>
#include <cstdint>


namespace AuthServer {
namespace Http {


class ConnectionStats
	/// Lock-free counters ReactorServer updates and Metrics reads:
	/// connections open, requests waiting for a worker, workers busy, and
	/// connections or requests refused by reason.
{
public:
	enum Reason
	{
		MAX_CONNECTIONS,         /// http.maxConnections reached at accept: 503 and close
		MAX_CONNECTIONS_PER_IP,  /// http.maxConnectionsPerIp reached at accept: 503 and close
		QUEUE_FULL,              /// http.maxQueuedRequests reached: the request got 503 + Retry-After
		HEADER_TIMEOUT,          /// http.requestHeaderTimeout passed: 408 and close
		BODY_TIMEOUT,            /// http.requestBodyTimeout passed: 408 and close
		REASON_COUNT
	};

	static const char* reasonLabel(Reason reason);
		/// Returns the metric label: "max_connections", "max_connections_per_ip",
		/// "queue_full", "header_timeout", "body_timeout".

	std::atomic<std::uint64_t> open{0};         /// connections open now
	std::atomic<std::uint64_t> queued{0};       /// complete requests waiting for a worker
	std::atomic<std::uint64_t> busy{0};         /// workers running a handler
	std::atomic<std::uint64_t> workers{0};      /// worker threads (http.workerThreads)
	std::array<std::atomic<std::uint64_t>, REASON_COUNT> refused{};
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ConnectionStats_INCLUDED
