//
// ServerLimits.h
//
// The limits and timeouts of the event-driven connection layer.
//


#ifndef AuthServer_Http_ServerLimits_INCLUDED
#define AuthServer_Http_ServerLimits_INCLUDED


#include <cstddef>


namespace AuthServer {
namespace Http {


struct ServerLimits
	/// What ReactorServer and RequestFramer enforce. Sizes in bytes, times in
	/// milliseconds. The header limits are those of POCO's own
	/// HTTPRequest/MessageHeader parser (MAX_METHOD_LENGTH, MAX_URI_LENGTH,
	/// MessageHeader::MAX_NAME_LENGTH, MAX_VALUE_LENGTH, DFL_FIELD_LIMIT), so
	/// what the thread-per-connection server accepted is still accepted.
{
	std::size_t maxConnections = 10000;       /// open connections in all; past it 503 and close
	std::size_t maxConnectionsPerIp = 256;    /// open connections from one peer address; past it 503 and close
	std::size_t workerThreads = 64;           /// threads running handlers
	std::size_t maxQueuedRequests = 1024;     /// complete requests waiting for a worker; past it 503 + Retry-After
	std::size_t maxRequestBody = 65536;       /// bytes of a (decoded) body; past it 413 and close
	long requestHeaderTimeoutMs = 10000;      /// whole header block, from its first byte; then 408 and close
	long requestBodyTimeoutMs = 30000;        /// whole body, from the end of the header block; then 408 and close
	long keepAliveTimeoutMs = 15000;          /// idle connection between requests; then closed silently
	long sendTimeoutMs = 30000;               /// a response the peer does not read within this is dropped with the connection
	long idleMemoryTrimMs = 2000;             /// after requests, this long without any: free heap pages go back to the system (malloc_trim); 0 = never
	long lingerMs = 2000;                     /// after an error answer, unread input is drained this long before the close (no RST over the answer)

	std::size_t maxHeaderBlock = 65536;       /// request line + fields; past it 431
	std::size_t maxMethodLength = 32;         /// POCO HTTPRequest::MAX_METHOD_LENGTH
	std::size_t maxUriLength = 16384;         /// POCO HTTPRequest::MAX_URI_LENGTH; past it 414
	std::size_t maxFieldCount = 100;          /// POCO MessageHeader::DFL_FIELD_LIMIT; past it 431
	std::size_t maxFieldNameLength = 256;     /// POCO MessageHeader::MAX_NAME_LENGTH; past it 431
	std::size_t maxFieldValueLength = 8192;   /// POCO MessageHeader::MAX_VALUE_LENGTH; past it 431
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ServerLimits_INCLUDED
