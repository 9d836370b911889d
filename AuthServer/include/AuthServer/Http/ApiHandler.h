//
// ApiHandler.h
//
// The base of every handler: headers, authentication, errors, access log.
//


#ifndef AuthServer_Http_ApiHandler_INCLUDED
#define AuthServer_Http_ApiHandler_INCLUDED


#include "AuthServer/Http/Exchange.h"
#include "AuthServer/Http/Route.h"
#include "AuthServer/Http/ServerContext.h"
#include "Poco/Net/HTTPRequestHandler.h"


namespace AuthServer {
namespace Http {


class ApiHandler: public Poco::Net::HTTPRequestHandler
	/// Does, in one place, what every answer needs (STYLE.md §2, §4, §7):
	/// - X-Request-Id: the caller's if it is 1..128 of [A-Za-z0-9._-], else
	///   a new one;
	/// - the security headers of API.md (nosniff, CSP default-src 'none';
	///   frame-ancestors 'none', X-Frame-Options DENY, Referrer-Policy
	///   no-referrer, Cache-Control no-store);
	/// - the route's authentication (Auth::Access / Auth::Admin);
	/// - Core::AuthException -> its problem; database and pool failures ->
	///   503 service_unavailable; anything else -> 500 internal_error with
	///   only the request id shown and the detail logged;
	/// - one access-log line (logger "AuthServer.Access"): method, path
	///   without query, status, duration in ms, request id, with control
	///   characters escaped (OWASP ASVS 7.3.1).
	/// Subclasses implement handle() and only map HTTP to a service call.
{
public:
	ApiHandler(const ServerContext& server, const RouteMatch& match);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) final;

	static std::string escapeForLog(const std::string& value);
		/// Returns value with CR, LF, every other control character, bytes
		/// that are not UTF-8 and backslash written as \xNN, cut at 512
		/// bytes (Core::EscapingChannel::escape; every log line is escaped
		/// again by the EscapingChannel, OWASP ASVS 7.3.1).

	static bool isValidRequestId(const std::string& id);
		/// Returns whether id is 1..128 characters of [A-Za-z0-9._-].

protected:
	virtual void handle(Exchange& exchange) = 0;
		/// Answers the request through exchange; may throw
		/// Core::AuthException.

	virtual void sendError(Exchange& exchange, const Core::AuthException& exception);
		/// Answers exception: the RFC 9457 problem (Exchange::sendProblem).
		/// Compatibility handlers answer in their old API's shape instead.

	const ServerContext& server() const;

	std::optional<Poco::Int64> callerAccount(const Exchange& exchange) const;
		/// Returns the account id of the request's access token on a route
		/// without required authentication, when it carries a valid one;
		/// nothing for none or an invalid one (never an error). Proving an
		/// email from a session of its own account keeps the login methods
		/// that session set up (Identity::IdentifierClaims).

private:
	std::string clientAddress(const Poco::Net::HTTPServerRequest& request) const;

	const ServerContext& _server;
	RouteMatch _match;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ApiHandler_INCLUDED
