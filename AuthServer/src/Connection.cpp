//
// Connection.cpp
//


#include "AuthServer/Http/Connection.h"
#include "AuthServer/Http/ReactorServer.h"
#include "Poco/Logger.h"
#include <cerrno>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/epoll.h>
#include <sys/socket.h>


namespace AuthServer {
namespace Http {


namespace
{
	constexpr std::size_t READ_CHUNK = 16384;
	constexpr std::size_t LINGER_LIMIT = 1024 * 1024;   /// bytes drained after the last answer before a hard close
}


Connection::Connection(ReactorServer& server, std::uint64_t id, Poco::Net::StreamSocket socket, const Poco::Net::SocketAddress& peer,
		const Poco::Net::SocketAddress& local, void* pListener, SSL_CTX* pTls):
	_server(server),
	_id(id),
	_socket(socket),
	_fd(socket.impl()->sockfd()),
	_peer(peer),
	_local(local),
	_pListener(pListener),
	_framer(server.limits()),
	_pInputWaiting(std::make_shared<std::atomic<bool>>(false))
{
	if (pTls)
	{
		_pSsl = SSL_new(pTls);
		if (!_pSsl) throw Poco::IOException("SSL_new failed");
		_pNetIn = BIO_new(BIO_s_mem());
		_pNetOut = BIO_new(BIO_s_mem());
		SSL_set_bio(_pSsl, _pNetIn, _pNetOut);
		SSL_set_accept_state(_pSsl);
	}
}


Connection::~Connection()
{
	if (_pSsl) SSL_free(_pSsl);
}


bool Connection::secure() const
{
	return _pSsl != nullptr;
}


const Poco::Net::StreamSocket& Connection::socket() const
{
	return _socket;
}


std::shared_ptr<std::atomic<bool>> Connection::inputWaiting() const
{
	return _pInputWaiting;
}


bool Connection::ingest(const char* data, std::size_t length)
{
	if (!_pSsl)
	{
		_in.append(data, length);
		return true;
	}
	BIO_write(_pNetIn, data, static_cast<int>(length));
	if (!SSL_is_init_finished(_pSsl))
	{
		int rc = SSL_do_handshake(_pSsl);
		if (rc != 1)
		{
			int error = SSL_get_error(_pSsl, rc);
			drainTls(); // an alert, or the next handshake flight
			if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return true;
			ERR_clear_error();
			return false;
		}
	}
	char plain[16384];
	for (;;)
	{
		int n = SSL_read(_pSsl, plain, sizeof(plain));
		if (n > 0)
		{
			_in.append(plain, static_cast<std::size_t>(n));
			continue;
		}
		int error = SSL_get_error(_pSsl, n);
		if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) break;
		if (error == SSL_ERROR_ZERO_RETURN)
		{
			_peerClosed = true; // close_notify
			break;
		}
		ERR_clear_error();
		drainTls();
		return false;
	}
	drainTls();
	return true;
}


void Connection::queueOut(std::string bytes)
{
	if (!_pSsl)
	{
		if (_outOffset >= _out.size())
		{
			_out = std::move(bytes);
			_outOffset = 0;
		}
		else _out.append(bytes);
		return;
	}
	if (!bytes.empty() && SSL_is_init_finished(_pSsl)) SSL_write(_pSsl, bytes.data(), static_cast<int>(bytes.size()));
	drainTls();
}


void Connection::drainTls()
{
	if (!_pNetOut) return;
	if (_outOffset >= _out.size())
	{
		_out.clear();
		_outOffset = 0;
	}
	char buffer[16384];
	int n;
	while ((n = BIO_read(_pNetOut, buffer, sizeof(buffer))) > 0) _out.append(buffer, static_cast<std::size_t>(n));
}


void Connection::start()
{
	watch(true, false);
	arm(Deadline::IDLE, _server.limits().keepAliveTimeoutMs);
}


void Connection::watch(bool reading, bool writing)
{
	if (_phase == Phase::CLOSED) return;
	if (_registered && reading == _reading && writing == _writing) return;
	std::uint32_t events = (reading ? static_cast<std::uint32_t>(EPOLLIN) : 0u) | (writing ? static_cast<std::uint32_t>(EPOLLOUT) : 0u);
	if (_registered) _server.loop().modify(_fd, this, events);
	else _server.loop().add(_fd, this, events);
	_registered = true;
	_reading = reading;
	_writing = writing;
}


void Connection::arm(Deadline kind, long ms)
{
	_deadline = kind;
	_due = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}


void Connection::onEvents(std::uint32_t events)
{
	if (_phase == Phase::CLOSED) return;
	if ((events & EPOLLERR) && !(events & EPOLLIN))
	{
		close();
		return;
	}
	if ((events & EPOLLHUP) && !_reading)
	{
		// Both directions are gone and we are not reading (level-triggered
		// EPOLLHUP would be reported on every round): nothing can be delivered.
		close();
		return;
	}
	if (events & (EPOLLIN | EPOLLHUP | EPOLLRDHUP)) onReadable();
	if (_phase != Phase::CLOSED && (events & EPOLLOUT)) flush();
}


void Connection::onReadable()
{
	char buffer[READ_CHUNK];
	// A few reads per event at most, so one fast client cannot starve the rest.
	for (int round = 0; round < 4; ++round)
	{
		ssize_t n = ::recv(_fd, buffer, sizeof(buffer), 0);
		if (n > 0)
		{
			if (_phase == Phase::LINGERING)
			{
				_drained += static_cast<std::size_t>(n);
				if (_drained > LINGER_LIMIT)
				{
					close();
					return;
				}
			}
			else if (!ingest(buffer, static_cast<std::size_t>(n)))
			{
				// Not TLS, or a failed handshake: send the alert, if any, and close.
				if (_outOffset < _out.size()) ::send(_fd, _out.data() + _outOffset, _out.size() - _outOffset, MSG_NOSIGNAL | MSG_DONTWAIT);
				close();
				return;
			}
			if (static_cast<std::size_t>(n) < sizeof(buffer)) break;
			continue;
		}
		if (n == 0)
		{
			_peerClosed = true;
			break;
		}
		if (errno == EINTR) continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) break;
		close();
		return;
	}
	if (_phase == Phase::LINGERING)
	{
		if (_peerClosed) close();
		return;
	}
	if (_phase == Phase::DISPATCHED)
	{
		// A worker has the request and may have written its answer already:
		// tell it to wake us, and look for its answer now (see
		// ReactorServer::run()).
		_pInputWaiting->store(true);
		std::atomic_thread_fence(std::memory_order_seq_cst);
		if (_peerClosed) watch(false, _writing);
		else if (_in.size() > _server.limits().maxHeaderBlock + _server.limits().maxRequestBody) watch(false, _writing);
		_server.drainCompletions(); // may answer this connection: nothing after this
		return;
	}
	if (_peerClosed)
	{
		// Nothing more will come. An answer in flight is still written
		// (the peer may only have shut its sending side), then the close.
		_closeAfterWrite = true;
		if (_phase == Phase::READING && _out.empty() && !_framer.inBody())
		{
			// A request cut off in its header block, or none at all.
			close();
			return;
		}
		watch(false, _writing);
	}
	if (_outOffset < _out.size() && _phase == Phase::READING && _pSsl && !SSL_is_init_finished(_pSsl))
	{
		flush(); // the server's handshake flight
		return;
	}
	if (_phase == Phase::READING && _outOffset >= _out.size()) process();
	else if (_phase == Phase::READING && _pSsl) flush();
	else if (_in.size() > _server.limits().maxHeaderBlock + _server.limits().maxRequestBody) watch(false, _writing); // back-pressure until the answer is out
}


void Connection::process()
{
	if (_phase != Phase::READING) return;
	if (_in.empty() && _framer.idle())
	{
		if (_peerClosed)
		{
			close();
			return;
		}
		if (_deadline != Deadline::IDLE) arm(Deadline::IDLE, _server.limits().keepAliveTimeoutMs);
		return;
	}
	bool wasIdle = _framer.idle();
	bool wasHeader = _framer.inHeader();
	RequestFramer::Result result = _framer.parse(_in);
	if (result == RequestFramer::Result::FAILED)
	{
		fail(_framer.status(), _framer.code(), _framer.detail());
		return;
	}
	if (result == RequestFramer::Result::NEED_MORE)
	{
		if (_framer.inHeader())
		{
			// http.requestHeaderTimeout runs from the first byte of the block.
			if (wasIdle) arm(Deadline::HEADER, _server.limits().requestHeaderTimeoutMs);
		}
		else if (_framer.inBody())
		{
			if (wasIdle || wasHeader) arm(Deadline::BODY, _server.limits().requestBodyTimeoutMs);
			if (_framer.expectsContinue())
			{
				// RFC 9110 §10.1.1: the client waits for this before the body.
				_framer.continueSent();
				queueOut("HTTP/1.1 100 Continue\r\n\r\n");
				flush();
			}
		}
		else if (_deadline != Deadline::IDLE)
		{
			arm(Deadline::IDLE, _server.limits().keepAliveTimeoutMs);
		}
		if (_peerClosed) close();
		return;
	}
	FramedRequest request = _framer.take();
	_phase = Phase::DISPATCHED;
	_pInputWaiting->store(false);
	_deadline = Deadline::NONE;
	if (request.closeAfter) _closeAfterWrite = true;
	_server.dispatch(*this, std::move(request));
}


void Connection::fail(int status, const std::string& code, const std::string& detail)
{
	if (status == 408)
		_server.stats().refused[_deadline == Deadline::BODY ? ConnectionStats::BODY_TIMEOUT : ConnectionStats::HEADER_TIMEOUT].fetch_add(1, std::memory_order_relaxed);
	FramedRequest partial = _framer.partial();
	_in.clear();
	_phase = Phase::DISPATCHED;
	answer(_server.problem(*this, partial, status, code, detail, false), true);
}


void Connection::answer(std::string bytes, bool close)
{
	if (_phase == Phase::CLOSED) return;
	if (close || _server.stopping()) _closeAfterWrite = true;
	queueOut(std::move(bytes));
	if (_closeAfterWrite && _pSsl && SSL_is_init_finished(_pSsl))
	{
		SSL_shutdown(_pSsl); // close_notify after the answer (RFC 8446 §6.1)
		drainTls();
	}
	_phase = _closeAfterWrite ? Phase::WRITING : Phase::READING;
	_deadline = Deadline::NONE;
	flush();
}


void Connection::flush()
{
	if (_phase == Phase::CLOSED) return;
	while (_outOffset < _out.size())
	{
		ssize_t n = ::send(_fd, _out.data() + _outOffset, _out.size() - _outOffset, MSG_NOSIGNAL);
		if (n > 0)
		{
			_outOffset += static_cast<std::size_t>(n);
			if (_deadline == Deadline::WRITE) arm(Deadline::WRITE, _server.limits().sendTimeoutMs);
			continue;
		}
		if (n < 0 && errno == EINTR) continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		{
			// The peer reads slowly: the reactor writes the rest when it can.
			watch(_reading, true);
			if (_deadline == Deadline::NONE || _deadline == Deadline::IDLE) arm(Deadline::WRITE, _server.limits().sendTimeoutMs);
			return;
		}
		close();
		return;
	}
	_out.clear();
	_outOffset = 0;
	finishWrite();
}


void Connection::finishWrite()
{
	if (_phase == Phase::WRITING || (_closeAfterWrite && _phase == Phase::READING))
	{
		if (_peerClosed || _server.stopping())
		{
			close();
			return;
		}
		// Lingering close: shut our side and drain what the client still
		// sends, so the kernel does not answer it with a reset that could
		// destroy the answer before the client has read it.
		::shutdown(_fd, SHUT_WR);
		_phase = Phase::LINGERING;
		watch(true, false);
		arm(Deadline::LINGER, _server.limits().lingerMs);
		return;
	}
	if (_phase != Phase::READING) return;
	watch(!_peerClosed, false);
	if (_deadline == Deadline::WRITE || _deadline == Deadline::NONE) _deadline = Deadline::NONE;
	process();
}


void Connection::checkDeadline(std::chrono::steady_clock::time_point now)
{
	if (_phase == Phase::CLOSED || _deadline == Deadline::NONE || now < _due) return;
	switch (_deadline)
	{
	case Deadline::HEADER:
		fail(408, "request_timeout", "The request header block was not complete within " + std::to_string(_server.limits().requestHeaderTimeoutMs / 1000) + " s.");
		break;
	case Deadline::BODY:
		fail(408, "request_timeout", "The request body was not complete within " + std::to_string(_server.limits().requestBodyTimeoutMs / 1000) + " s.");
		break;
	default:
		close();
		break;
	}
}


void Connection::closeIfIdle(bool includingHeader)
{
	if (_phase == Phase::LINGERING)
	{
		close();
		return;
	}
	if (_phase != Phase::READING || _outOffset < _out.size()) return;
	if (_framer.idle() && _in.empty()) close();
	else if (includingHeader && (_framer.idle() || _framer.inHeader())) close();
}


void Connection::close()
{
	if (_phase == Phase::CLOSED) return;
	bool workerHasIt = _phase == Phase::DISPATCHED;
	_phase = Phase::CLOSED;
	if (_registered) _server.loop().remove(_fd);
	_registered = false;
	// A worker may still write to the descriptor: shut it down and let the
	// last copy of the socket (the worker's) close it.
	if (workerHasIt) ::shutdown(_fd, SHUT_RDWR);
	else _socket.close();
	_server.closed(*this);
}


bool Connection::closed() const
{
	return _phase == Phase::CLOSED;
}


std::uint64_t Connection::id() const
{
	return _id;
}


const Poco::Net::SocketAddress& Connection::peer() const
{
	return _peer;
}


const Poco::Net::SocketAddress& Connection::local() const
{
	return _local;
}


void* Connection::listener() const
{
	return _pListener;
}


} } // namespace AuthServer::Http
