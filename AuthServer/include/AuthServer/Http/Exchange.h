//
// Exchange.h
//
// One request and its response, as a handler sees them.
//


#ifndef AuthServer_Http_Exchange_INCLUDED
#define AuthServer_Http_Exchange_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Http/JsonBody.h"
#include "AuthServer/Http/Route.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/NameValueCollection.h"
#include <optional>


namespace AuthServer {
namespace Http {


class ServerContext;


class Exchange
	/// Gives a handler the parsed parts of the request (JSON body, path
	/// parameters, caller, principal) and writes JSON, 204 or RFC 9457
	/// problem answers. The body is read at most once and bounded by
	/// http.maxRequestBody.
{
public:
	Exchange(const ServerContext& server, const RouteMatch& match, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const Identity::RequestContext& context);

	JsonBody body();
		/// Returns the body as a JSON object (an empty body is {}). Throws
		/// Core::AuthException: 413 payload_too_large over the limit, 415
		/// unsupported_media_type for a Content-Type other than
		/// application/json, 400 invalid_json when it is not a JSON object.

	Poco::Net::NameValueCollection form();
		/// Returns the fields of an application/x-www-form-urlencoded body
		/// (the hosted pages' forms), percent-decoded by POCO's HTMLForm.
		/// Throws Core::AuthException: 413 payload_too_large over the
		/// limit, 415 unsupported_media_type for another Content-Type, 400
		/// validation_error for a malformed body or a field given twice.

	std::string rawBody();
		/// Returns the body bytes as received, whatever the Content-Type
		/// (compatibility routes read JSON and forms). Throws
		/// Core::AuthException 413 payload_too_large over the limit.

	const std::string& param(const std::string& name) const;
		/// Returns a {placeholder} value of the path.

	Poco::Int64 id(const std::string& name, const std::string& notFoundDetail) const;
		/// Returns the {name} placeholder of the path as a decimal id
		/// (parseId()).

	static Poco::Int64 parseId(const std::string& text, const std::string& notFoundDetail);
		/// Returns text as a decimal Int64 id. Throws Core::AuthException
		/// 404 not_found with notFoundDetail when it is not one (letters,
		/// empty, past the Int64 range): such an id names no row, so the
		/// answer is the one for an unknown id (API.md, GET
		/// /api/admin/users/{id}), never a 400 or 500. An id in the query
		/// string is QueryParams::optionalId (400 validation_error).

	const Identity::RequestContext& context() const;
		/// Returns the caller's address, user agent and request id.

	const Identity::Principal& principal() const;
		/// Returns the authenticated caller (routes with Auth != None).

	void setPrincipal(Identity::Principal principal);

	const ServerContext& server() const;

	Poco::Net::HTTPServerRequest& request();
	Poco::Net::HTTPServerResponse& response();

	void sendJson(int status, const Poco::JSON::Object& object);
		/// Sends object as application/json with status.

	void sendJsonText(int status, const std::string& json);
		/// Sends json (already serialized JSON text, e.g. by
		/// UserJson::tokensText) as sendJson() sends an object's text.

	void sendNoContent();
		/// Sends 204.

	void sendDetail(int status, const std::string& detail);
		/// Sends {"detail": detail} as application/json with status (the
		/// answers of API.md that only say what happened, e.g. 202 for
		/// password/forgot).

	void sendBody(int status, const std::string& contentType, const std::string& body);
		/// Sends a prepared body with status and Content-Type; a JSON or
		/// problem+json body also gets Content-Disposition: attachment;
		/// filename="api.json" (OWASP ASVS 14.4.2).

	void sendProblem(const Core::AuthException& exception);
		/// Sends the RFC 9457 problem for exception (with "errors" for a
		/// ValidationException, Retry-After when set, WWW-Authenticate on
		/// 401 per RFC 6750 §3).

	void sendProblem(const Core::AuthException& exception, const Poco::JSON::Object& extensions);
		/// Sends the problem for exception with the members of extensions
		/// added (RFC 9457 §3.2 extension members, e.g. "checks" of GET
		/// /api/ready).

	void sendProblem(Core::Problem problem, const std::string& detail);
		/// Sends a problem with the table's status.

	bool sent() const;
		/// Returns whether a response was sent.

	std::string bearerToken() const;
		/// Returns the token of "Authorization: Bearer <token>", or "".

	static constexpr std::size_t MAX_JSON_DEPTH = 32;
		/// Deepest accepted JSON nesting.

	static constexpr Poco::Int64 DRAIN_LIMIT = 1024 * 1024;
		/// Bytes past http.maxRequestBody of an oversized body that are read
		/// and dropped before the 413, so the client sees the answer instead
		/// of a connection reset.

	void discardUnreadBody();
		/// Before an answer to a request whose body was not read: drains a
		/// body within http.maxRequestBody, or else turns keep-alive off, so
		/// the next request on the connection is not parsed from leftover
		/// bytes. Called by every send.

private:
	std::string readBody();
		/// Reads the whole body, bounded by http.maxRequestBody (413).

	const ServerContext& _server;
	const RouteMatch& _match;
	Poco::Net::HTTPServerRequest& _request;
	Poco::Net::HTTPServerResponse& _response;
	Identity::RequestContext _context;
	std::optional<Identity::Principal> _principal;
	bool _bodyRead = false;
	bool _sent = false;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_Exchange_INCLUDED
