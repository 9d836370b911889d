//
// ReactorServer.h
//
// The event-driven HTTP/1.1 server: one reactor thread holds every
// connection, a bounded worker pool runs the handlers.
//


#ifndef AuthServer_Http_ReactorServer_INCLUDED
#define AuthServer_Http_ReactorServer_INCLUDED


#include "AuthServer/Http/ConnectionStats.h"
#include "AuthServer/Http/EventLoop.h"
#include "AuthServer/Http/RequestFramer.h"
#include "AuthServer/Http/ServerLimits.h"
#include "AuthServer/Core/IdleMemoryTrim.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Net/Context.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/StreamSocket.h"
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace Http {


class Connection;
class WorkerPool;


class ReactorServer
	/// An HTTP/1.1 server in which no thread waits on a client. One
	/// reactor thread (EventLoop, epoll) accepts, reads and writes every
	/// connection with non-blocking sockets and frames each request whole
	/// (RequestFramer); only a complete request goes to a bounded
	/// WorkerPool, which runs the HTTPRequestHandlerFactory and handlers
	/// unchanged over memory-backed BufferedServerRequest /
	/// BufferedServerResponse objects; the reactor then writes the answer
	/// as fast as the peer takes it. Requests pipelined on one connection
	/// are handled one after the other and answered in order. Keep-alive
	/// follows RFC 9112 §9.3 (HTTP/1.0 only with `Connection: keep-alive`,
	/// `Connection: close` ends it).
	///
	/// Limits (ServerLimits): maxConnections and maxConnectionsPerIp are
	/// checked at accept (the peer address: forwarded addresses are not
	/// known before a request is read; a peer in setTrustedProxies() is
	/// bound by maxConnections only); past them the new connection gets a
	/// 503 and is closed. A full worker queue answers 503 with Retry-After.
	/// A header block not complete within requestHeaderTimeout from its
	/// first byte, or a body not within requestBodyTimeout, gets a 408 and
	/// the close; an idle connection is closed after keepAliveTimeout.
	/// Framing errors are answered (RequestFramer) and the connection closed
	/// after draining what the client still sends for a moment, so the
	/// answer is not lost to a TCP reset.
	///
	/// Error answers the server makes itself (framing errors, 408, 503) are
	/// produced by the handler the problem handler factory returns, so they
	/// carry the same headers, request id and access log line as any other.
{
public:
	using ProblemHandlerFactory = std::function<Poco::Net::HTTPRequestHandler*(int status, const std::string& code, const std::string& detail)>;
		/// Returns a handler that answers status with problem `code` and `detail`
		/// (RFC 9457); the server deletes it.

	explicit ReactorServer(const ServerLimits& limits);

	~ReactorServer();
		/// Stops the server if it runs.

	void setIdleWork(std::function<void()> work);
		/// work runs in the reactor thread once per quiet period (after
		/// requests, http.idleMemoryTrim without any), just before
		/// malloc_trim, e.g. Cache::sweepExpired so the memory of expired
		/// entries goes back too. Call before start(). It must not throw
		/// and should be short: connections wait while it runs.

	void addListener(const Poco::Net::ServerSocket& socket, Poco::Net::HTTPRequestHandlerFactory::Ptr pFactory, Poco::Net::Context::Ptr pTls = nullptr);
		/// Serves the bound and listening (plain) socket with pFactory; with
		/// pTls, as HTTPS with that context's settings (certificate, protocol
		/// versions, ciphers), the TLS records handled in the reactor through
		/// memory BIOs. Call before start().

	void setProblemHandlerFactory(ProblemHandlerFactory factory);
		/// Without one, the server answers a minimal application/problem+json.

	void setTrustedProxies(const std::vector<Poco::Net::IPAddress>& proxies);
		/// Peers exempt from maxConnectionsPerIp (a proxy carries many clients).

	void start();
		/// Starts the worker threads and the reactor thread.

	void stop(long graceMs = 10000);
		/// Stops accepting (the listening sockets are closed), closes idle
		/// connections and those still sending a header block at once,
		/// finishes the requests in flight (their answers say
		/// `Connection: close`), and returns when no connection is left or
		/// after graceMs milliseconds (the rest are closed).

	ConnectionStats& stats();
		/// Gauges and counters for Metrics.

	const ServerLimits& limits() const;

private:
	struct Listener;
	struct Completion
	{
		std::uint64_t connection;
		std::string bytes;
		bool close;
	};

	void onAcceptable(Listener& listener);
	void refuse(int fd, Listener& listener, const Poco::Net::SocketAddress& peer, ConnectionStats::Reason reason);
	void onWake();
	void onTick();
	void onRoundEnd();
	void beginStop();
	void pauseAccept(long ms);
	void resumeAccept();

	// Used by Connection (reactor thread).
	void dispatch(Connection& connection, FramedRequest request);
	std::string problem(Connection& connection, const FramedRequest& partial, int status, const std::string& code, const std::string& detail, bool keepAlive);
	std::string problemAnswer(const Poco::Net::SocketAddress& peer, const Poco::Net::SocketAddress& local, bool secure,
		const FramedRequest& partial, int status, const std::string& code, const std::string& detail, bool keepAlive, bool& close);
	void closed(Connection& connection);
	void drainCompletions();
	bool stopping() const;
	EventLoop& loop();

	// Worker threads.
	void run(const std::shared_ptr<void>& pJob);
	void complete(std::uint64_t connection, std::string bytes, bool close, bool wake);

	friend class Connection;

	ServerLimits _limits;
	ConnectionStats _stats;
	std::unique_ptr<EventLoop> _pLoop;
	std::unique_ptr<WorkerPool> _pPool;
	std::vector<std::unique_ptr<Listener>> _listeners;
	ProblemHandlerFactory _problemFactory;
	std::vector<Poco::Net::IPAddress> _trustedProxies;
	Poco::Net::HTTPServerParams::Ptr _pParams;
	std::thread _thread;

	// Reactor thread only.
	std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> _connections;
	std::unordered_map<std::string, std::size_t> _perIp;
	std::vector<std::unique_ptr<Connection>> _graveyard;
	std::vector<std::function<void()>> _batch;              /// requests framed in this round, for the workers
	std::vector<std::shared_ptr<void>> _batchJobs;          /// their requests, in the same order
	std::uint64_t _nextId = 1;
	std::chrono::steady_clock::time_point _resumeAcceptAt;
	std::chrono::steady_clock::time_point _stopDeadline;
	bool _acceptPaused = false;
	bool _stopping = false;

	// Any thread.
	std::atomic<bool> _stopRequested{false};
	std::atomic<long> _graceMs{10000};
	std::function<void()> _idleWork;                      /// runs before the idle trim (setIdleWork)
	Core::IdleMemoryTrim _idleTrim;                         /// malloc_trim once the server is quiet (reactor thread only)
	std::mutex _completionMutex;
	std::vector<Completion> _completions;
	bool _started = false;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ReactorServer_INCLUDED
