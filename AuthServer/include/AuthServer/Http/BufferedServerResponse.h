//
// BufferedServerResponse.h
//
// An HTTPServerResponse that writes into memory, for the event-driven
// connection layer.
//


#ifndef AuthServer_Http_BufferedServerResponse_INCLUDED
#define AuthServer_Http_BufferedServerResponse_INCLUDED


#include "Poco/Net/HTTPServerResponse.h"
#include <sstream>
#include <string>


namespace AuthServer {
namespace Http {


class BufferedServerResponse: public Poco::Net::HTTPServerResponse
	/// Collects status, header fields and body of one answer in memory, so
	/// a handler never writes to (nor waits on) the client's socket; the
	/// reactor writes serialize() out when the socket takes it.
	///
	/// send() returns a stream into a memory buffer; sendBuffer(),
	/// sendFile(), redirect() and requireAuthentication() behave as POCO's
	/// HTTPServerResponseImpl does. Whatever the handler set, the answer
	/// carries a Content-Length equal to the body it wrote (no chunked
	/// answers: the whole body is known).
{
public:
	BufferedServerResponse();
	~BufferedServerResponse();

	void sendContinue();
		/// Does nothing: the reactor sends `100 Continue` before the body is read.

	std::ostream& send();
	void sendFile(const std::string& path, const std::string& mediaType);
	void sendBuffer(const void* pBuffer, std::size_t length);
	void redirect(const std::string& uri, HTTPStatus status = HTTP_FOUND);
	void requireAuthentication(const std::string& realm);
	bool sent() const;

	std::string serialize(bool head, bool keepAlive);
		/// Returns status line, header fields and (unless head: answer to
		/// HEAD) body, ready for the wire. keepAlive sets the Connection
		/// field (RFC 9112 §9.3: `close` when the server closes after it).

private:
	std::ostringstream _body;
	bool _sent = false;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_BufferedServerResponse_INCLUDED
