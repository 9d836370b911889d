//
// ReactorServer.cpp
//


#include "AuthServer/Http/ReactorServer.h"
#include "AuthServer/Http/BufferedServerRequest.h"
#include "AuthServer/Http/BufferedServerResponse.h"
#include "AuthServer/Http/Connection.h"
#include "AuthServer/Http/WorkerPool.h"
#include "Poco/JSON/Object.h"
#include "Poco/Logger.h"
#include "Poco/Net/StreamSocketImpl.h"
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <pthread.h>
#include <netinet/tcp.h>
#include <sstream>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>


namespace AuthServer {
namespace Http {


namespace
{
	constexpr long TICK_MS = 100;

	Poco::Logger& logger()
	{
		static Poco::Logger& logger = Poco::Logger::get("AuthServer.Http");
		return logger;
	}

	void minimalProblem(Poco::Net::HTTPServerResponse& response, int status, const std::string& code, const std::string& detail)
	{
		// Used only without a problem handler factory (tests, tools).
		Poco::JSON::Object body;
		body.set("type", "https://authserver.dev/problems/" + code);
		body.set("title", Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status)));
		body.set("status", status);
		body.set("detail", detail);
		body.set("code", code);
		std::ostringstream out;
		body.stringify(out);
		std::string text = out.str();
		response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
		response.setContentType("application/problem+json; charset=utf-8");
		if (status == 503) response.set("Retry-After", "1");
		response.sendBuffer(text.data(), text.size());
	}
}


struct ReactorServer::Listener: public EventLoop::Handler
{
	Listener(ReactorServer& server, const Poco::Net::ServerSocket& socket, Poco::Net::HTTPRequestHandlerFactory::Ptr pFactory, Poco::Net::Context::Ptr pTls):
		server(server),
		socket(socket),
		pFactory(pFactory),
		pTls(pTls),
		fd(socket.impl()->sockfd()),
		address(socket.address())
	{
	}

	void onEvents(std::uint32_t) override
	{
		server.onAcceptable(*this);
	}

	ReactorServer& server;
	Poco::Net::ServerSocket socket;
	Poco::Net::HTTPRequestHandlerFactory::Ptr pFactory;
	Poco::Net::Context::Ptr pTls;
	int fd;
	Poco::Net::SocketAddress address;
	bool open = true;
};


namespace
{
	struct Job
	{
		FramedRequest request;
		Poco::Net::HTTPRequestHandlerFactory::Ptr pFactory;
		Poco::Net::SocketAddress peer;
		Poco::Net::SocketAddress local;
		bool secure = false;
		std::uint64_t connection = 0;
		Poco::Net::StreamSocket socket;                        /// keeps the descriptor while the worker may write
		std::shared_ptr<std::atomic<bool>> pInputWaiting;
	};
}


ReactorServer::ReactorServer(const ServerLimits& limits):
	_limits(limits),
	_pLoop(new EventLoop),
	_pParams(new Poco::Net::HTTPServerParams),
	_idleTrim(std::chrono::milliseconds(limits.idleMemoryTrimMs), [this]
		{
			if (_idleWork) _idleWork();
			Core::IdleMemoryTrim::mallocTrim();
		})
{
	_pParams->setKeepAlive(true);
	_pParams->setKeepAliveTimeout(Poco::Timespan(_limits.keepAliveTimeoutMs * 1000));
	_pParams->setMaxThreads(static_cast<int>(_limits.workerThreads));
	_pParams->setMaxQueued(static_cast<int>(_limits.maxQueuedRequests));
}


ReactorServer::~ReactorServer()
{
	try
	{
		stop(0);
	}
	catch (...)
	{
	}
}


void ReactorServer::setIdleWork(std::function<void()> work)
{
	_idleWork = std::move(work);
}


void ReactorServer::addListener(const Poco::Net::ServerSocket& socket, Poco::Net::HTTPRequestHandlerFactory::Ptr pFactory, Poco::Net::Context::Ptr pTls)
{
	if (_started) throw Poco::IllegalStateException("ReactorServer::addListener after start()");
	_listeners.emplace_back(new Listener(*this, socket, pFactory, pTls));
}


void ReactorServer::setProblemHandlerFactory(ProblemHandlerFactory factory)
{
	_problemFactory = std::move(factory);
}


void ReactorServer::setTrustedProxies(const std::vector<Poco::Net::IPAddress>& proxies)
{
	_trustedProxies = proxies;
}


ConnectionStats& ReactorServer::stats()
{
	return _stats;
}


const ServerLimits& ReactorServer::limits() const
{
	return _limits;
}


EventLoop& ReactorServer::loop()
{
	return *_pLoop;
}


bool ReactorServer::stopping() const
{
	return _stopping;
}


void ReactorServer::start()
{
	if (_started) return;
	for (auto& pListener: _listeners)
	{
		pListener->socket.setBlocking(false);
		_pLoop->add(pListener->fd, pListener.get(), EPOLLIN);
	}
	_pPool.reset(new WorkerPool(_limits.workerThreads, _limits.maxQueuedRequests, _stats));
	_started = true;
	_thread = std::thread([this]
	{
		::pthread_setname_np(::pthread_self(), "http-reactor");
		try
		{
			_pLoop->run([this] { onWake(); }, [this] { onTick(); }, [this] { onRoundEnd(); }, TICK_MS);
		}
		catch (Poco::Exception& exc)
		{
			logger().fatal("reactor stopped: %s", exc.displayText());
		}
	});
}


void ReactorServer::stop(long graceMs)
{
	if (!_started) return;
	_graceMs.store(graceMs);
	_stopRequested.store(true);
	_pLoop->wakeUp();
	if (_thread.joinable()) _thread.join();
	_pPool->stop();
	for (auto& entry: _connections) entry.second->close();
	_graveyard.clear();
	_connections.clear();
	_perIp.clear();
	for (auto& pListener: _listeners)
	{
		if (pListener->open) pListener->socket.close();
		pListener->open = false;
	}
	_stats.open.store(0);
	_started = false;
}


void ReactorServer::onAcceptable(Listener& listener)
{
	for (int i = 0; i < 128 && listener.open; ++i)
	{
		struct sockaddr_storage storage;
		socklen_t length = sizeof(storage);
		int fd = ::accept4(listener.fd, reinterpret_cast<struct sockaddr*>(&storage), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
		{
			if (errno == EINTR || errno == ECONNABORTED) continue;
			if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
			{
				logger().warning("accept: %s; not accepting for 100 ms (raise the open-files limit or lower http.maxConnections)", std::string(std::strerror(errno)));
				pauseAccept(100);
			}
			return;
		}
		Poco::Net::SocketAddress peer(reinterpret_cast<const struct sockaddr*>(&storage), length);
		if (_stopping)
		{
			::close(fd);
			continue;
		}
		if (_connections.size() >= _limits.maxConnections)
		{
			refuse(fd, listener, peer, ConnectionStats::MAX_CONNECTIONS);
			continue;
		}
		std::string ip = peer.host().toString();
		auto it = _perIp.find(ip);
		std::size_t fromIp = it == _perIp.end() ? 0 : it->second;
		if (fromIp >= _limits.maxConnectionsPerIp)
		{
			bool proxy = false;
			for (const auto& address: _trustedProxies)
				if (address == peer.host()) proxy = true;
			if (!proxy)
			{
				refuse(fd, listener, peer, ConnectionStats::MAX_CONNECTIONS_PER_IP);
				continue;
			}
		}
		int one = 1;
		::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		Poco::Net::StreamSocket socket(new Poco::Net::StreamSocketImpl(fd));
		std::uint64_t id = _nextId++;
		std::unique_ptr<Connection> pConnection(new Connection(*this, id, socket, peer, listener.address, &listener, listener.pTls ? listener.pTls->sslContext() : nullptr));
		Connection& connection = *pConnection;
		_connections.emplace(id, std::move(pConnection));
		++_perIp[ip];
		_stats.open.store(_connections.size(), std::memory_order_relaxed);
		try
		{
			connection.start();
		}
		catch (Poco::Exception& exc)
		{
			logger().warning("cannot watch a new connection: %s", exc.displayText());
			connection.close();
		}
	}
}


void ReactorServer::refuse(int fd, Listener& listener, const Poco::Net::SocketAddress& peer, ConnectionStats::Reason reason)
{
	_stats.refused[reason].fetch_add(1, std::memory_order_relaxed);
	bool close = true;
	std::string detail = reason == ConnectionStats::MAX_CONNECTIONS_PER_IP
		? "Too many connections from this address; try again shortly."
		: "Too many connections; try again shortly.";
	std::string bytes;
	try
	{
		// Plain text only: on a TLS listener the refused peer gets the close.
		if (!listener.pTls) bytes = problemAnswer(peer, listener.address, false, FramedRequest(), 503, "service_unavailable", detail, false, close);
	}
	catch (...)
	{
	}
	// Best effort: a fresh socket's send buffer takes a short answer whole.
	if (!bytes.empty())
	{
		ssize_t rc = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
		(void) rc;
	}
	::shutdown(fd, SHUT_WR);
	::close(fd);
}


std::string ReactorServer::problem(Connection& connection, const FramedRequest& partial, int status, const std::string& code, const std::string& detail, bool keepAlive)
{
	bool close = true;
	Listener& listener = *static_cast<Listener*>(connection.listener());
	(void) listener;
	return problemAnswer(connection.peer(), connection.local(), connection.secure(), partial, status, code, detail, keepAlive, close);
}


std::string ReactorServer::problemAnswer(const Poco::Net::SocketAddress& peer, const Poco::Net::SocketAddress& local, bool secure,
	const FramedRequest& partial, int status, const std::string& code, const std::string& detail, bool keepAlive, bool& close)
{
	FramedRequest framed;
	framed.method = partial.method.empty() ? "-" : partial.method;
	framed.uri = partial.uri.empty() ? "-" : partial.uri;
	framed.version = partial.version == "HTTP/1.0" ? partial.version : "HTTP/1.1";
	framed.fields = partial.fields;
	BufferedServerResponse response;
	BufferedServerRequest request(std::move(framed), response, peer, local, _pParams, secure);
	response.setVersion(request.getVersion());
	keepAlive = keepAlive && request.getKeepAlive() && !_stopping;
	std::unique_ptr<Poco::Net::HTTPRequestHandler> pHandler(_problemFactory ? _problemFactory(status, code, detail) : nullptr);
	if (pHandler) pHandler->handleRequest(request, response);
	if (!response.sent()) minimalProblem(response, status, code, detail);
	keepAlive = keepAlive && response.getKeepAlive();
	close = !keepAlive;
	return response.serialize(request.getMethod() == "HEAD", keepAlive);
}


void ReactorServer::dispatch(Connection& connection, FramedRequest request)
{
	Listener& listener = *static_cast<Listener*>(connection.listener());
	auto pJob = std::make_shared<Job>();
	pJob->request = std::move(request);
	pJob->pFactory = listener.pFactory;
	pJob->peer = connection.peer();
	pJob->local = connection.local();
	pJob->secure = connection.secure();
	pJob->connection = connection.id();
	pJob->socket = connection.socket();
	pJob->pInputWaiting = connection.inputWaiting();
	_idleTrim.activity();
	// Handed over at the end of the reactor's round, all at once.
	_batch.emplace_back([this, pJob] { run(pJob); });
	_batchJobs.push_back(pJob);
}


void ReactorServer::onRoundEnd()
{
	drainCompletions();
	// A 503 below may let a pipelined request be framed: loop until none is left.
	while (!_batch.empty())
	{
		std::vector<std::function<void()>> batch;
		std::vector<std::shared_ptr<void>> jobs;
		batch.swap(_batch);
		jobs.swap(_batchJobs);
		std::size_t queued = _pPool->postBatch(batch);
		for (std::size_t i = queued; i < jobs.size(); ++i)
		{
			// http.maxQueuedRequests reached: 503 with Retry-After, at once.
			std::shared_ptr<Job> pJob = std::static_pointer_cast<Job>(jobs[i]);
			auto it = _connections.find(pJob->connection);
			if (it == _connections.end()) continue;
			Connection& connection = *it->second;
			_stats.refused[ConnectionStats::QUEUE_FULL].fetch_add(1, std::memory_order_relaxed);
			bool close = true;
			std::string bytes = problemAnswer(connection.peer(), connection.local(), connection.secure(), pJob->request, 503, "service_unavailable",
				"The server is busy; try again shortly.", !pJob->request.closeAfter, close);
			connection.answer(std::move(bytes), close);
		}
	}
}


void ReactorServer::run(const std::shared_ptr<void>& pAny)
{
	Job& job = *std::static_pointer_cast<Job>(pAny);
	bool head = job.request.method == "HEAD";
	bool closeAfter = job.request.closeAfter;
	BufferedServerResponse response;
	BufferedServerRequest request(std::move(job.request), response, job.peer, job.local, _pParams, job.secure);
	response.setVersion(request.getVersion());
	bool keepAlive = request.getKeepAlive() && !closeAfter;
	response.setKeepAlive(keepAlive);
	try
	{
		std::unique_ptr<Poco::Net::HTTPRequestHandler> pHandler(job.pFactory->createRequestHandler(request));
		if (pHandler) pHandler->handleRequest(request, response);
		else
		{
			response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NOT_IMPLEMENTED);
			response.setContentLength(0);
			response.send();
		}
	}
	catch (std::exception& exc)
	{
		logger().error("handler: %s", std::string(exc.what()));
		keepAlive = false;
		if (!response.sent())
		{
			response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
			response.setContentLength(0);
			response.send();
		}
	}
	keepAlive = keepAlive && response.getKeepAlive() && !_stopRequested.load();
	std::string bytes = response.serialize(head, keepAlive);
	bool wake = !keepAlive || job.secure;
	if (!job.secure)
	{
		// The answer goes out from here when the socket takes it (it
		// usually does: a fresh answer fits the send buffer); the reactor
		// writes what is left. While this worker has the request the
		// reactor writes nothing to the connection, and the descriptor
		// stays open (job.socket), so the write cannot go elsewhere.
		std::size_t sent = 0;
		int fd = job.socket.impl()->sockfd();
		while (sent < bytes.size())
		{
			ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n > 0) sent += static_cast<std::size_t>(n);
			else if (n < 0 && errno == EINTR) continue;
			else break;
		}
		if (sent > 0) bytes.erase(0, sent);
		if (!bytes.empty()) wake = true;
	}
	// The reactor takes the answer up at its next round; it is woken only
	// when it must act at once: a close, bytes left to write, a TLS
	// record to encrypt, or input that came for this connection meanwhile
	// (the fence pairs with the one in Connection::onReadable()).
	complete(job.connection, std::move(bytes), !keepAlive, wake || !job.pInputWaiting);
	if (!wake && job.pInputWaiting && job.pInputWaiting->load()) _pLoop->wakeUp();
}


void ReactorServer::complete(std::uint64_t connection, std::string bytes, bool close, bool wake)
{
	{
		std::lock_guard<std::mutex> lock(_completionMutex);
		_completions.push_back(Completion{connection, std::move(bytes), close});
	}
	std::atomic_thread_fence(std::memory_order_seq_cst);
	if (wake) _pLoop->wakeUp();
}


void ReactorServer::closed(Connection& connection)
{
	auto it = _connections.find(connection.id());
	if (it == _connections.end()) return;
	auto ip = _perIp.find(connection.peer().host().toString());
	if (ip != _perIp.end() && --ip->second == 0) _perIp.erase(ip);
	_graveyard.push_back(std::move(it->second));
	_connections.erase(it);
	_stats.open.store(_connections.size(), std::memory_order_relaxed);
}


void ReactorServer::onWake()
{
	// Called between event rounds: no Connection method is on the stack.
	_graveyard.clear();
	drainCompletions();
	if (_stopRequested.load() && !_stopping) beginStop();
	if (_stopping && _connections.empty()) _pLoop->stop();
}


void ReactorServer::drainCompletions()
{
	std::vector<Completion> completions;
	{
		std::lock_guard<std::mutex> lock(_completionMutex);
		if (_completions.empty()) return;
		completions.swap(_completions);
	}
	for (Completion& completion: completions)
	{
		auto it = _connections.find(completion.connection);
		if (it != _connections.end()) it->second->answer(std::move(completion.bytes), completion.close);
	}
}


void ReactorServer::onTick()
{
	_graveyard.clear();
	if (_stopRequested.load() && !_stopping) beginStop();
	auto now = std::chrono::steady_clock::now();
	std::vector<Connection*> all;
	all.reserve(_connections.size());
	for (auto& entry: _connections) all.push_back(entry.second.get());
	for (Connection* pConnection: all) pConnection->checkDeadline(now);
	if (_acceptPaused && now >= _resumeAcceptAt) resumeAccept();
	_idleTrim.tick(now);
	if (_stopping && (_connections.empty() || now >= _stopDeadline))
	{
		all.clear();
		for (auto& entry: _connections) all.push_back(entry.second.get());
		for (Connection* pConnection: all) pConnection->close();
		_pLoop->stop();
	}
}


void ReactorServer::beginStop()
{
	_stopping = true;
	_stopDeadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(_graceMs.load());
	for (auto& pListener: _listeners)
	{
		if (!pListener->open) continue;
		if (!_acceptPaused) _pLoop->remove(pListener->fd);
		pListener->socket.close();
		pListener->open = false;
	}
	_acceptPaused = false;
	std::vector<Connection*> all;
	for (auto& entry: _connections) all.push_back(entry.second.get());
	for (Connection* pConnection: all) pConnection->closeIfIdle(true);
	if (_connections.empty()) _pLoop->stop();
}


void ReactorServer::pauseAccept(long ms)
{
	if (_acceptPaused) return;
	for (auto& pListener: _listeners)
		if (pListener->open) _pLoop->remove(pListener->fd);
	_acceptPaused = true;
	_resumeAcceptAt = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}


void ReactorServer::resumeAccept()
{
	for (auto& pListener: _listeners)
		if (pListener->open) _pLoop->add(pListener->fd, pListener.get(), EPOLLIN);
	_acceptPaused = false;
}


} } // namespace AuthServer::Http
