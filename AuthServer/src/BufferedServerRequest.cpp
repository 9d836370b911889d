//
// BufferedServerRequest.cpp
//


#include "AuthServer/Http/BufferedServerRequest.h"


namespace AuthServer {
namespace Http {


BufferedServerRequest::BufferedServerRequest(FramedRequest framed, Poco::Net::HTTPServerResponse& response, const Poco::Net::SocketAddress& clientAddress,
		const Poco::Net::SocketAddress& serverAddress, Poco::Net::HTTPServerParams::Ptr pParams, bool secure):
	_body(std::move(framed.body)),
	_response(response),
	_clientAddress(clientAddress),
	_serverAddress(serverAddress),
	_pParams(pParams),
	_secure(secure)
{
	setMethod(framed.method);
	setURI(framed.uri);
	setVersion(framed.version);
	for (const auto& field: framed.fields) add(field.first, field.second);
}


BufferedServerRequest::~BufferedServerRequest()
{
}


std::istream& BufferedServerRequest::stream()
{
	return _body;
}


const Poco::Net::SocketAddress& BufferedServerRequest::clientAddress() const
{
	return _clientAddress;
}


const Poco::Net::SocketAddress& BufferedServerRequest::serverAddress() const
{
	return _serverAddress;
}


const Poco::Net::HTTPServerParams& BufferedServerRequest::serverParams() const
{
	return *_pParams;
}


Poco::Net::HTTPServerResponse& BufferedServerRequest::response() const
{
	return _response;
}


bool BufferedServerRequest::secure() const
{
	return _secure;
}


} } // namespace AuthServer::Http
