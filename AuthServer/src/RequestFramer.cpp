//
// RequestFramer.cpp
//


#include "AuthServer/Http/RequestFramer.h"
#include "Poco/String.h"
#include <cctype>


namespace AuthServer {
namespace Http {


namespace
{
	bool isTokenChar(unsigned char c)
	{
		// RFC 9110 §5.6.2 tchar.
		if (std::isalnum(c)) return true;
		switch (c)
		{
		case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
		case '-': case '.': case '^': case '_': case '`': case '|': case '~':
			return true;
		default:
			return false;
		}
	}

	bool isToken(const std::string& value)
	{
		if (value.empty()) return false;
		for (unsigned char c: value)
			if (!isTokenChar(c)) return false;
		return true;
	}

	std::string trimOws(const std::string& value)
	{
		std::size_t begin = 0;
		std::size_t end = value.size();
		while (begin < end && (value[begin] == ' ' || value[begin] == '\t')) ++begin;
		while (end > begin && (value[end - 1] == ' ' || value[end - 1] == '\t')) --end;
		return value.substr(begin, end - begin);
	}

	enum LineResult
	{
		LINE_OK,
		LINE_NEED_MORE,
		LINE_BARE_LF,
		LINE_TOO_LONG
	};

	LineResult takeLine(std::string& buffer, std::string& line, std::size_t maxLength)
	{
		std::size_t lf = buffer.find('\n');
		if (lf == std::string::npos) return buffer.size() > maxLength ? LINE_TOO_LONG : LINE_NEED_MORE;
		if (lf == 0 || buffer[lf - 1] != '\r') return LINE_BARE_LF;
		if (lf - 1 > maxLength) return LINE_TOO_LONG;
		line.assign(buffer, 0, lf - 1);
		buffer.erase(0, lf + 1);
		if (line.find('\r') != std::string::npos) return LINE_BARE_LF;
		return LINE_OK;
	}
}


RequestFramer::RequestFramer(const ServerLimits& limits):
	_limits(limits)
{
}


RequestFramer::Result RequestFramer::fail(int status, const std::string& code, const std::string& detail)
{
	_state = State::FAILED;
	_status = status;
	_code = code;
	_detail = detail;
	return Result::FAILED;
}


RequestFramer::Result RequestFramer::parse(std::string& buffer)
{
	if (_state == State::FAILED) return Result::FAILED;
	if (_state == State::COMPLETE) return Result::COMPLETE;
	if (_state == State::REQUEST_LINE)
	{
		if (!_started)
		{
			// RFC 9112 §2.2: empty lines before the request line are ignored.
			std::size_t skip = 0;
			while (skip + 1 < buffer.size() && buffer[skip] == '\r' && buffer[skip + 1] == '\n') skip += 2;
			if (skip > 0) buffer.erase(0, skip);
			if (buffer.empty() || (buffer.size() == 1 && buffer[0] == '\r')) return Result::NEED_MORE;
			_started = true;
			_scanned = 0;
		}
		std::size_t end = std::string::npos;
		std::size_t i = _scanned;
		for (; i < buffer.size(); ++i)
		{
			char c = buffer[i];
			if (c == '\n')
			{
				// RFC 9112 §2.2: a bare LF is not a line end we accept.
				if (i == 0 || buffer[i - 1] != '\r') return fail(400, "bad_request", "Header lines must end with CRLF.");
				if (i >= 3 && buffer[i - 2] == '\n' && buffer[i - 3] == '\r')
				{
					end = i + 1;
					break;
				}
			}
			else if (c == '\r')
			{
				if (i + 1 < buffer.size() && buffer[i + 1] != '\n') return fail(400, "bad_request", "A bare CR is not a line end.");
				if (i + 1 == buffer.size()) break; // decide when the next byte is here
			}
			else if (c == '\0')
			{
				return fail(400, "bad_request", "The header block holds a NUL byte.");
			}
		}
		_scanned = i;
		if (end == std::string::npos)
		{
			std::size_t lineEnd = buffer.find('\n');
			if (lineEnd == std::string::npos && buffer.size() > _limits.maxUriLength + _limits.maxMethodLength + 16)
				return fail(414, "uri_too_long", "The request target exceeds " + std::to_string(_limits.maxUriLength) + " bytes.");
			if (buffer.size() > _limits.maxHeaderBlock)
				return fail(431, "request_header_fields_too_large", "The request header block exceeds " + std::to_string(_limits.maxHeaderBlock) + " bytes.");
			return Result::NEED_MORE;
		}
		if (end > _limits.maxHeaderBlock)
			return fail(431, "request_header_fields_too_large", "The request header block exceeds " + std::to_string(_limits.maxHeaderBlock) + " bytes.");
		std::string block = buffer.substr(0, end - 2); // each line keeps its CRLF; the empty last line is dropped
		buffer.erase(0, end);
		Result result = parseHeaderBlock(block);
		if (result != Result::NEED_MORE) return result;
	}
	return parseBody(buffer);
}


RequestFramer::Result RequestFramer::parseHeaderBlock(const std::string& block)
{
	std::size_t lineEnd = block.find("\r\n");
	std::string requestLine = block.substr(0, lineEnd);
	// RFC 9112 §3: method SP request-target SP HTTP-version, single spaces.
	std::size_t sp1 = requestLine.find(' ');
	std::size_t sp2 = sp1 == std::string::npos ? std::string::npos : requestLine.find(' ', sp1 + 1);
	if (sp1 == std::string::npos || sp2 == std::string::npos || requestLine.find(' ', sp2 + 1) != std::string::npos)
		return fail(400, "bad_request", "Malformed request line.");
	_request.method = requestLine.substr(0, sp1);
	_request.uri = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
	_request.version = requestLine.substr(sp2 + 1);
	if (_request.method.size() > _limits.maxMethodLength || !isToken(_request.method))
		return fail(400, "bad_request", "Malformed request method.");
	if (_request.uri.size() > _limits.maxUriLength)
		return fail(414, "uri_too_long", "The request target exceeds " + std::to_string(_limits.maxUriLength) + " bytes.");
	if (_request.uri.empty()) return fail(400, "bad_request", "Malformed request target.");
	// Whitespace and NUL end or corrupt the target; other control bytes are
	// kept as POCO kept them (the logs escape them, ASVS 7.3.1).
	for (unsigned char c: _request.uri)
		if (c == ' ' || c == '\t' || c == '\0') return fail(400, "bad_request", "Malformed request target.");
	if (_request.version != "HTTP/1.1" && _request.version != "HTTP/1.0")
	{
		const std::string& v = _request.version;
		if (v.size() == 8 && v.compare(0, 5, "HTTP/") == 0 && std::isdigit(static_cast<unsigned char>(v[5])) && v[6] == '.' && std::isdigit(static_cast<unsigned char>(v[7])))
			return fail(505, "http_version_not_supported", "Only HTTP/1.0 and HTTP/1.1 are served.");
		return fail(400, "bad_request", "Malformed HTTP version.");
	}

	std::vector<std::string> contentLengths;
	std::vector<std::string> transferEncodings;
	bool expectContinue = false;
	std::size_t pos = lineEnd == std::string::npos ? block.size() : lineEnd + 2;
	while (pos < block.size())
	{
		std::size_t next = block.find("\r\n", pos);
		if (next == std::string::npos) next = block.size();
		std::string line = block.substr(pos, next - pos);
		pos = next + 2;
		if (line.empty()) break;
		// RFC 9112 §5.2: obs-fold is refused in requests.
		if (line[0] == ' ' || line[0] == '\t') return fail(400, "bad_request", "Folded header lines (obs-fold) are not accepted.");
		std::size_t colon = line.find(':');
		if (colon == std::string::npos || colon == 0) return fail(400, "bad_request", "Malformed header field.");
		std::string name = line.substr(0, colon);
		if (name.size() > _limits.maxFieldNameLength)
			return fail(431, "request_header_fields_too_large", "A header field name exceeds " + std::to_string(_limits.maxFieldNameLength) + " bytes.");
		// RFC 9112 §5.1: no whitespace between the field name and the colon.
		if (!isToken(name)) return fail(400, "bad_request", "Malformed header field name.");
		std::string value = trimOws(line.substr(colon + 1));
		if (value.size() > _limits.maxFieldValueLength)
			return fail(431, "request_header_fields_too_large", "A header field value exceeds " + std::to_string(_limits.maxFieldValueLength) + " bytes.");
		// RFC 9110 §5.5: NUL is refused; other control bytes may be kept for
		// robustness (they reach no output unescaped).
		if (value.find('\0') != std::string::npos) return fail(400, "bad_request", "Malformed header field value.");
		if (_request.fields.size() >= _limits.maxFieldCount)
			return fail(431, "request_header_fields_too_large", "More than " + std::to_string(_limits.maxFieldCount) + " header fields.");
		if (Poco::icompare(name, "Content-Length") == 0) contentLengths.push_back(value);
		else if (Poco::icompare(name, "Transfer-Encoding") == 0) transferEncodings.push_back(value);
		else if (Poco::icompare(name, "Expect") == 0 && Poco::icompare(value, "100-continue") == 0) expectContinue = true;
		_request.fields.emplace_back(std::move(name), std::move(value));
	}

	bool body = false;
	if (!transferEncodings.empty())
	{
		// RFC 9112 §6.1, §6.3 item 4: the only coding served is one
		// `chunked`; anything else (a list, another coding, a second field,
		// another spelling) could be read differently by a proxy in front.
		if (_request.version == "HTTP/1.0") return fail(400, "bad_request", "Transfer-Encoding is not accepted in HTTP/1.0 requests.");
		if (transferEncodings.size() != 1 || transferEncodings[0] != "chunked")
			return fail(400, "bad_request", "Only a single 'Transfer-Encoding: chunked' is accepted.");
		// RFC 9112 §6.3 item 3: Transfer-Encoding overrides Content-Length,
		// and the connection is closed after the answer.
		_request.closeAfter = !contentLengths.empty();
		std::vector<std::pair<std::string, std::string>> kept;
		for (auto& field: _request.fields)
			if (Poco::icompare(field.first, "Content-Length") != 0 && Poco::icompare(field.first, "Transfer-Encoding") != 0) kept.push_back(std::move(field));
		_request.fields = std::move(kept);
		_state = State::CHUNK_SIZE;
		body = true;
	}
	else if (!contentLengths.empty())
	{
		// RFC 9112 §6.3 item 5: repeated or non-numeric lengths are refused
		// (not "first wins", which a proxy may read as "last wins").
		if (contentLengths.size() > 1) return fail(400, "bad_request", "Content-Length given more than once.");
		const std::string& value = contentLengths[0];
		if (value.empty() || value.size() > 18) return fail(400, "bad_request", "Malformed Content-Length.");
		for (unsigned char c: value)
			if (!std::isdigit(c)) return fail(400, "bad_request", "Malformed Content-Length.");
		unsigned long long length = std::stoull(value);
		if (length > _limits.maxRequestBody)
			return fail(413, "payload_too_large", "The request body exceeds " + std::to_string(_limits.maxRequestBody) + " bytes.");
		_remaining = static_cast<std::size_t>(length);
		_state = State::BODY_LENGTH;
		body = _remaining > 0;
		if (!body) _state = State::COMPLETE;
	}
	else
	{
		_state = State::COMPLETE;
	}
	_expectContinue = body && expectContinue && _request.version == "HTTP/1.1";
	return _state == State::COMPLETE ? Result::COMPLETE : Result::NEED_MORE;
}


RequestFramer::Result RequestFramer::parseBody(std::string& buffer)
{
	for (;;)
	{
		switch (_state)
		{
		case State::BODY_LENGTH:
		case State::CHUNK_DATA:
		{
			std::size_t n = std::min(_remaining, buffer.size());
			_request.body.append(buffer, 0, n);
			buffer.erase(0, n);
			_remaining -= n;
			if (_remaining > 0) return Result::NEED_MORE;
			if (_state == State::BODY_LENGTH)
			{
				_state = State::COMPLETE;
				return Result::COMPLETE;
			}
			_state = State::CHUNK_DATA_END;
			break;
		}
		case State::CHUNK_DATA_END:
		{
			if (buffer.size() < 2) return Result::NEED_MORE;
			if (buffer[0] != '\r' || buffer[1] != '\n') return fail(400, "bad_request", "Malformed chunk.");
			buffer.erase(0, 2);
			_state = State::CHUNK_SIZE;
			break;
		}
		case State::CHUNK_SIZE:
		{
			std::string line;
			LineResult r = takeLine(buffer, line, 1024);
			if (r == LINE_NEED_MORE) return Result::NEED_MORE;
			if (r != LINE_OK) return fail(400, "bad_request", "Malformed chunk size line.");
			// RFC 9112 §7.1: chunk-size [ BWS ; chunk-ext ].
			std::size_t digits = 0;
			while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits]))) ++digits;
			if (digits == 0 || digits > 15) return fail(400, "bad_request", "Malformed chunk size.");
			std::string rest = trimOws(line.substr(digits));
			if (!rest.empty() && rest[0] != ';') return fail(400, "bad_request", "Malformed chunk size.");
			std::size_t size = static_cast<std::size_t>(std::stoull(line.substr(0, digits), nullptr, 16));
			if (size == 0)
			{
				_state = State::TRAILER;
				break;
			}
			if (size > _limits.maxRequestBody || _request.body.size() + size > _limits.maxRequestBody)
				return fail(413, "payload_too_large", "The request body exceeds " + std::to_string(_limits.maxRequestBody) + " bytes.");
			_remaining = size;
			_state = State::CHUNK_DATA;
			break;
		}
		case State::TRAILER:
		{
			std::string line;
			LineResult r = takeLine(buffer, line, _limits.maxFieldValueLength + _limits.maxFieldNameLength);
			if (r == LINE_NEED_MORE) return Result::NEED_MORE;
			if (r == LINE_TOO_LONG) return fail(431, "request_header_fields_too_large", "A trailer field is too long.");
			if (r != LINE_OK) return fail(400, "bad_request", "Trailer lines must end with CRLF.");
			_trailerBytes += line.size() + 2;
			if (_trailerBytes > _limits.maxHeaderBlock) return fail(431, "request_header_fields_too_large", "The trailer section is too large.");
			if (!line.empty()) break; // trailer fields are read and dropped (RFC 9112 §7.1.2)
			_request.fields.emplace_back("Content-Length", std::to_string(_request.body.size()));
			_state = State::COMPLETE;
			return Result::COMPLETE;
		}
		case State::COMPLETE:
			return Result::COMPLETE;
		case State::FAILED:
			return Result::FAILED;
		case State::REQUEST_LINE:
			return Result::NEED_MORE;
		}
	}
}


FramedRequest RequestFramer::take()
{
	FramedRequest request = std::move(_request);
	_request = FramedRequest();
	_state = State::REQUEST_LINE;
	_scanned = 0;
	_started = false;
	_expectContinue = false;
	_remaining = 0;
	_trailerBytes = 0;
	return request;
}


bool RequestFramer::idle() const
{
	return !_started;
}


bool RequestFramer::inHeader() const
{
	return _started && _state == State::REQUEST_LINE;
}


bool RequestFramer::inBody() const
{
	return _state == State::BODY_LENGTH || _state == State::CHUNK_SIZE || _state == State::CHUNK_DATA || _state == State::CHUNK_DATA_END || _state == State::TRAILER;
}


bool RequestFramer::expectsContinue() const
{
	return _expectContinue;
}


void RequestFramer::continueSent()
{
	_expectContinue = false;
}


const FramedRequest& RequestFramer::partial() const
{
	return _request;
}


int RequestFramer::status() const
{
	return _status;
}


const std::string& RequestFramer::code() const
{
	return _code;
}


const std::string& RequestFramer::detail() const
{
	return _detail;
}


} } // namespace AuthServer::Http
