//
// BufferedServerResponse.cpp
//


#include "AuthServer/Http/BufferedServerResponse.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/FileStream.h"
#include "Poco/StreamCopier.h"
#include "Poco/Timestamp.h"


namespace AuthServer {
namespace Http {


BufferedServerResponse::BufferedServerResponse()
{
}


BufferedServerResponse::~BufferedServerResponse()
{
}


void BufferedServerResponse::sendContinue()
{
}


std::ostream& BufferedServerResponse::send()
{
	_sent = true;
	return _body;
}


void BufferedServerResponse::sendFile(const std::string& path, const std::string& mediaType)
{
	Poco::FileInputStream in(path);
	setContentType(mediaType);
	_sent = true;
	Poco::StreamCopier::copyStream(in, _body);
}


void BufferedServerResponse::sendBuffer(const void* pBuffer, std::size_t length)
{
	_sent = true;
	_body.write(static_cast<const char*>(pBuffer), static_cast<std::streamsize>(length));
}


void BufferedServerResponse::redirect(const std::string& uri, HTTPStatus status)
{
	setContentLength(0);
	setChunkedTransferEncoding(false);
	setStatusAndReason(status);
	set("Location", uri);
	_sent = true;
}


void BufferedServerResponse::requireAuthentication(const std::string& realm)
{
	setStatusAndReason(HTTP_UNAUTHORIZED);
	set("WWW-Authenticate", "Basic realm=\"" + realm + "\"");
	setContentLength(0);
	_sent = true;
}


bool BufferedServerResponse::sent() const
{
	return _sent;
}


std::string BufferedServerResponse::serialize(bool head, bool keepAlive)
{
	std::string body = _body.str();
	setChunkedTransferEncoding(false);
	int status = static_cast<int>(getStatus());
	// RFC 9110 §8.6: no Content-Length on 1xx and 204 answers.
	if (status == HTTP_NO_CONTENT || status < 200) erase("Content-Length");
	else if (!(head && hasContentLength())) setContentLength64(static_cast<Poco::Int64>(body.size()));
	if (!has("Date")) set("Date", Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT));
	setKeepAlive(keepAlive);
	std::ostringstream out;
	write(out);
	std::string result = out.str();
	if (!head && status != HTTP_NO_CONTENT && status != HTTP_NOT_MODIFIED) result += body;
	return result;
}


} } // namespace AuthServer::Http
