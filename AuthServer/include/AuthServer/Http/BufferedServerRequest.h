//
// BufferedServerRequest.h
//
// An HTTPServerRequest over a request the reactor has read whole.
//


#ifndef AuthServer_Http_BufferedServerRequest_INCLUDED
#define AuthServer_Http_BufferedServerRequest_INCLUDED


#include "AuthServer/Http/RequestFramer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/SocketAddress.h"
#include <sstream>


namespace AuthServer {
namespace Http {


class BufferedServerRequest: public Poco::Net::HTTPServerRequest
	/// Method, target, version and fields of a FramedRequest, its body as
	/// stream() (a memory stream: reading never waits on the client), the
	/// peer and local addresses of the connection, and the response that
	/// belongs to it. Handlers see what POCO's HTTPServerRequestImpl gives
	/// them.
{
public:
	BufferedServerRequest(FramedRequest framed, Poco::Net::HTTPServerResponse& response, const Poco::Net::SocketAddress& clientAddress,
		const Poco::Net::SocketAddress& serverAddress, Poco::Net::HTTPServerParams::Ptr pParams, bool secure);
		/// Takes the request; response, the answer to fill, must outlive it.

	~BufferedServerRequest();

	std::istream& stream();
	const Poco::Net::SocketAddress& clientAddress() const;
	const Poco::Net::SocketAddress& serverAddress() const;
	const Poco::Net::HTTPServerParams& serverParams() const;
	Poco::Net::HTTPServerResponse& response() const;
	bool secure() const;

private:
	std::istringstream _body;
	Poco::Net::HTTPServerResponse& _response;
	Poco::Net::SocketAddress _clientAddress;
	Poco::Net::SocketAddress _serverAddress;
	Poco::Net::HTTPServerParams::Ptr _pParams;
	bool _secure;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_BufferedServerRequest_INCLUDED
