//
// ConnectionProblemHandler.h
//
// The answers the connection layer gives itself (framing errors, timeouts,
// limits), with the headers of every other answer.
//


#ifndef AuthServer_Http_ConnectionProblemHandler_INCLUDED
#define AuthServer_Http_ConnectionProblemHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class ConnectionProblemHandler: public ApiHandler
	/// Answers a problem+json (RFC 9457) the connection layer decided on:
	/// 400 bad_request (malformed or ambiguous framing, RFC 9112 §2.2, §5.2,
	/// §6.1, §6.3), 408 request_timeout, 413 payload_too_large, 414
	/// uri_too_long, 431 request_header_fields_too_large, 505
	/// http_version_not_supported, 503 service_unavailable (with
	/// Retry-After: 1). Through ApiHandler it gets the security headers
	/// (OWASP ASVS 14.4), X-Request-Id, the access log line and the metrics
	/// of any other answer.
{
public:
	ConnectionProblemHandler(const ServerContext& server, int status, const std::string& code, const std::string& detail);
		/// status: HTTP status; code: the problem code; detail: human text.

protected:
	void handle(Exchange& exchange) override;

private:
	int _status;
	std::string _code;
	std::string _detail;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ConnectionProblemHandler_INCLUDED
