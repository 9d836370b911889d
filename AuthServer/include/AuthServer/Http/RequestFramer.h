//
// RequestFramer.h
//
// Incremental HTTP/1.1 request framing for the event-driven connection layer.
//


#ifndef AuthServer_Http_RequestFramer_INCLUDED
#define AuthServer_Http_RequestFramer_INCLUDED


#include "AuthServer/Http/ServerLimits.h"
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace Http {


struct FramedRequest
	/// One complete request as read off the wire.
{
	std::string method;
	std::string uri;
	std::string version;                                        /// "HTTP/1.0" or "HTTP/1.1"
	std::vector<std::pair<std::string, std::string>> fields;    /// in order; a chunked body's Transfer-Encoding is replaced by its decoded Content-Length
	std::string body;                                           /// decoded body, at most ServerLimits::maxRequestBody bytes
	bool closeAfter = false;                                    /// the request had both Content-Length and Transfer-Encoding (RFC 9112 §6.3 item 3)
};


class RequestFramer
	/// Frames requests out of the bytes of one connection: request line,
	/// header fields and a Content-Length or chunked body, checking each
	/// against ServerLimits. It never blocks and never reads a socket: the
	/// caller appends what it received to a buffer and calls parse(), which
	/// consumes the bytes of at most one request from the buffer's front.
	///
	/// Refused with an error (the caller answers it and closes):
	///   - 400 bad_request: malformed request line or field, a bare LF or CR
	///     as line end (RFC 9112 §2.2), obs-fold (§5.2), whitespace before a
	///     field colon (§5.1), a repeated or differing or non-numeric
	///     Content-Length (§6.3 item 5), any Transfer-Encoding other than one
	///     `chunked` field (§6.1, §6.3 item 4), Transfer-Encoding in HTTP/1.0,
	///     a malformed chunk;
	///   - 414 uri_too_long, 431 request_header_fields_too_large (block,
	///     field count, name or value past the limits), 413
	///     payload_too_large (Content-Length or decoded chunks past
	///     maxRequestBody), 505 http_version_not_supported.
{
public:
	enum class Result
	{
		NEED_MORE,   /// no complete request yet: append more bytes and call again
		COMPLETE,    /// request() holds a complete request
		FAILED       /// status()/code()/detail() say why; the connection must be closed
	};

	explicit RequestFramer(const ServerLimits& limits);
		/// limits must outlive the framer.

	Result parse(std::string& buffer);
		/// Consumes bytes from the front of buffer. Returns COMPLETE once a
		/// request is framed (take it with take(); the bytes of a pipelined
		/// next request stay in buffer), NEED_MORE, or FAILED.

	FramedRequest take();
		/// Returns the complete request and resets the framer for the next one.

	bool idle() const;
		/// True before the first byte of a request was consumed.

	bool inHeader() const;
		/// True while the header block is incomplete.

	bool inBody() const;
		/// True after the header block, while the body is incomplete.

	bool expectsContinue() const;
		/// True once, after a header block with `Expect: 100-continue` whose
		/// body is still to come; cleared by continueSent().

	void continueSent();

	const FramedRequest& partial() const;
		/// What was parsed so far (method and uri for an error's access log line).

	int status() const;
		/// HTTP status of the failure.

	const std::string& code() const;
		/// Problem code of the failure, e.g. "bad_request".

	const std::string& detail() const;
		/// Human detail of the failure.

private:
	enum class State
	{
		REQUEST_LINE,
		BODY_LENGTH,
		CHUNK_SIZE,
		CHUNK_DATA,
		CHUNK_DATA_END,
		TRAILER,
		COMPLETE,
		FAILED
	};

	Result fail(int status, const std::string& code, const std::string& detail);
	Result parseHeaderBlock(const std::string& block);
	Result parseBody(std::string& buffer);

	const ServerLimits& _limits;
	State _state = State::REQUEST_LINE;
	FramedRequest _request;
	std::size_t _scanned = 0;         /// bytes of the header block already checked for bare LF/CR
	bool _started = false;
	bool _expectContinue = false;
	std::size_t _remaining = 0;       /// bytes left of a Content-Length body or of the current chunk
	std::size_t _trailerBytes = 0;
	int _status = 0;
	std::string _code;
	std::string _detail;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_RequestFramer_INCLUDED
