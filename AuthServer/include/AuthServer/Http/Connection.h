//
// Connection.h
//
// One client connection of ReactorServer, driven by the reactor thread.
//


#ifndef AuthServer_Http_Connection_INCLUDED
#define AuthServer_Http_Connection_INCLUDED


#include "AuthServer/Http/EventLoop.h"
#include "AuthServer/Http/RequestFramer.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>


typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;
typedef struct bio_st BIO;


namespace AuthServer {
namespace Http {


class ReactorServer;


class Connection: public EventLoop::Handler
	/// The state of one non-blocking connection: bytes read and not yet
	/// framed, the answer being written, and the one deadline that applies
	/// now (header block, body, idle keep-alive, a stalled write, the
	/// lingering close). Every method runs on the reactor thread; a worker
	/// hands an answer back through ReactorServer, never touching this.
	///
	/// One request at a time: the next pipelined request is framed only
	/// once the answer to the previous one has been written, which keeps
	/// answers in request order and bounds the memory a client can pin.
{
public:
	enum class Deadline
	{
		NONE,
		IDLE,      /// keep-alive: closed silently
		HEADER,    /// 408, refused reason header_timeout
		BODY,      /// 408, refused reason body_timeout
		WRITE,     /// the peer does not read the answer: closed
		LINGER     /// draining after the last answer: closed
	};

	Connection(ReactorServer& server, std::uint64_t id, Poco::Net::StreamSocket socket, const Poco::Net::SocketAddress& peer,
		const Poco::Net::SocketAddress& local, void* pListener, SSL_CTX* pTls);
		/// Takes a connected non-blocking socket; pListener identifies the
		/// listener (its factory) for ReactorServer. With pTls (the
		/// listener's OpenSSL context, with the settings of HttpsContext)
		/// the connection speaks TLS: OpenSSL works on memory BIOs, so the
		/// handshake, decryption and encryption run in the reactor and never
		/// wait on the socket.

	~Connection();

	void start();
		/// Registers with the reactor and arms the idle deadline.

	void answer(std::string bytes, bool close);
		/// Queues the serialized answer to the current request and writes
		/// what the socket takes; close ends the connection after it.

	void checkDeadline(std::chrono::steady_clock::time_point now);
		/// Acts on a passed deadline.

	void closeIfIdle(bool includingHeader);
		/// For shutdown: closes the connection if no request is in flight
		/// (includingHeader: also when a header block is half read).

	void close();
		/// Closes at once; ReactorServer forgets the connection.

	bool closed() const;
	bool secure() const;
	const Poco::Net::StreamSocket& socket() const;
		/// A worker holds a copy while it answers, so the descriptor is not
		/// reused before it is done; close() then only shuts the socket down.
	std::shared_ptr<std::atomic<bool>> inputWaiting() const;
		/// Set by the reactor when bytes (or the end) arrived while a worker
		/// had the request: the worker then wakes the reactor after answering.
	std::uint64_t id() const;
	const Poco::Net::SocketAddress& peer() const;
	const Poco::Net::SocketAddress& local() const;
	void* listener() const;

private:
	enum class Phase
	{
		READING,      /// framing a request (or idle between requests)
		DISPATCHED,   /// a complete request is with a worker
		WRITING,      /// the last answer is being written, then close or linger
		LINGERING,    /// write side shut, draining input until EOF or the deadline
		CLOSED
	};

	void onEvents(std::uint32_t events);
	void onReadable();
	bool ingest(const char* data, std::size_t length);
	void queueOut(std::string bytes);
	void drainTls();
	void process();
	void fail(int status, const std::string& code, const std::string& detail);
	void flush();
	void finishWrite();
	void watch(bool reading, bool writing);
	void arm(Deadline kind, long ms);

	ReactorServer& _server;
	std::uint64_t _id;
	Poco::Net::StreamSocket _socket;
	int _fd;
	Poco::Net::SocketAddress _peer;
	Poco::Net::SocketAddress _local;
	void* _pListener;
	RequestFramer _framer;
	std::string _in;
	std::string _out;
	std::size_t _outOffset = 0;
	std::size_t _drained = 0;
	Phase _phase = Phase::READING;
	bool _closeAfterWrite = false;
	bool _peerClosed = false;
	bool _reading = false;
	bool _writing = false;
	bool _registered = false;
	Deadline _deadline = Deadline::NONE;
	std::shared_ptr<std::atomic<bool>> _pInputWaiting;
	SSL* _pSsl = nullptr;
	BIO* _pNetIn = nullptr;     /// ciphertext read from the socket, owned by _pSsl
	BIO* _pNetOut = nullptr;    /// ciphertext to write, owned by _pSsl
	std::chrono::steady_clock::time_point _due;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_Connection_INCLUDED
