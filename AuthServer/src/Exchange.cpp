//
// Exchange.cpp
//


#include "AuthServer/Http/Exchange.h"
#include "AuthServer/Http/ServerContext.h"
#include "Poco/JSON/Array.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/MediaType.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include <sstream>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ProblemCatalog;


namespace AuthServer {
namespace Http {


Exchange::Exchange(const ServerContext& server, const RouteMatch& match, Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, const Identity::RequestContext& context):
	_server(server),
	_match(match),
	_request(request),
	_response(response),
	_context(context)
{
}


std::string Exchange::readBody()
{
	if (_bodyRead) throw Poco::IllegalStateException("request body read twice");
	std::size_t limit = _server.maxRequestBody();
	if (_request.hasContentLength() && _request.getContentLength64() > static_cast<Poco::Int64>(limit))
	{
		// Left unread here; discardUnreadBody() drains it before the 413.
		_response.setKeepAlive(false);
		throw AuthException(Problem::PayloadTooLarge, "The request body exceeds " + std::to_string(limit) + " bytes.");
	}
	_bodyRead = true;
	std::string data;
	std::istream& in = _request.stream();
	char buffer[8192];
	while (in.good())
	{
		in.read(buffer, sizeof(buffer));
		data.append(buffer, static_cast<std::size_t>(in.gcount()));
		if (data.size() > limit)
		{
			_response.setKeepAlive(false);
			throw AuthException(Problem::PayloadTooLarge, "The request body exceeds " + std::to_string(limit) + " bytes.");
		}
	}
	return data;
}


JsonBody Exchange::body()
{
	std::string data = readBody();
	return JsonBody::parse(data, _request.getContentType(), MAX_JSON_DEPTH);
}


Poco::Net::NameValueCollection Exchange::form()
{
	Poco::Net::MediaType type(_request.getContentType().empty() ? std::string("text/plain") : _request.getContentType());
	if (!type.matches("application", "x-www-form-urlencoded"))
		throw AuthException(Problem::UnsupportedMediaType, "Send the form as application/x-www-form-urlencoded.");
	std::string data = readBody();
	Poco::Net::HTMLForm parsed;
	try
	{
		parsed.read(data);
	}
	catch (Poco::Exception&)
	{
		throw Core::ValidationException("form", "The form could not be read.");
	}
	Poco::Net::NameValueCollection fields;
	for (const auto& field: parsed)
	{
		if (fields.has(field.first)) throw Core::ValidationException(field.first, "Given more than once.");
		fields.add(field.first, field.second);
	}
	return fields;
}


std::string Exchange::rawBody()
{
	return readBody();
}


const std::string& Exchange::param(const std::string& name) const
{
	auto it = _match.params.find(name);
	if (it == _match.params.end()) throw Poco::NotFoundException("path parameter", name);
	return it->second;
}


Poco::Int64 Exchange::id(const std::string& name, const std::string& notFoundDetail) const
{
	return parseId(param(name), notFoundDetail);
}


Poco::Int64 Exchange::parseId(const std::string& text, const std::string& notFoundDetail)
{
	Poco::Int64 id = 0;
	if (!Poco::NumberParser::tryParse64(text, id)) throw AuthException(Problem::NotFound, notFoundDetail);
	return id;
}


const Identity::RequestContext& Exchange::context() const
{
	return _context;
}


const Identity::Principal& Exchange::principal() const
{
	if (!_principal) throw Poco::IllegalStateException("route has no principal");
	return *_principal;
}


void Exchange::setPrincipal(Identity::Principal principal)
{
	_principal = std::move(principal);
}


const ServerContext& Exchange::server() const
{
	return _server;
}


Poco::Net::HTTPServerRequest& Exchange::request()
{
	return _request;
}


Poco::Net::HTTPServerResponse& Exchange::response()
{
	return _response;
}


void Exchange::discardUnreadBody()
{
	if (_bodyRead) return;
	_bodyRead = true;
	bool chunked = _request.getChunkedTransferEncoding();
	if (!chunked && (!_request.hasContentLength() || _request.getContentLength64() == 0)) return;
	if (!chunked && _request.getContentLength64() > static_cast<Poco::Int64>(_server.maxRequestBody()))
	{
		// Closing with unread bytes in the socket makes the kernel send an
		// RST, which can destroy our 413 before the client reads it. A body
		// up to 1 MiB past the limit is read and dropped first ("lingering
		// close"); a larger one is cut off. (16 x the default limit was
		// exactly 1 MiB, which a JSON-wrapped 1 MiB body just exceeds.)
		_response.setKeepAlive(false);
		if (_request.getContentLength64() > static_cast<Poco::Int64>(_server.maxRequestBody()) + DRAIN_LIMIT) return;
		std::istream& in = _request.stream();
		char buffer[8192];
		while (in.good()) in.read(buffer, sizeof(buffer));
		return;
	}
	std::istream& in = _request.stream();
	char buffer[8192];
	std::size_t total = 0;
	while (in.good() && total <= _server.maxRequestBody())
	{
		in.read(buffer, sizeof(buffer));
		total += static_cast<std::size_t>(in.gcount());
	}
	if (in.good()) _response.setKeepAlive(false);
}


void Exchange::sendBody(int status, const std::string& contentType, const std::string& body)
{
	discardUnreadBody();
	_response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
	if (!contentType.empty()) _response.setContentType(contentType);
	// OWASP ASVS 14.4.2: a JSON answer opened in a browser tab downloads
	// instead of rendering (no content sniffing into HTML).
	if (contentType.compare(0, 16, "application/json") == 0 || contentType.compare(0, 24, "application/problem+json") == 0)
		_response.set("Content-Disposition", "attachment; filename=\"api.json\"");
	_response.setContentLength(static_cast<std::streamsize>(body.size()));
	_response.sendBuffer(body.data(), body.size());
	_sent = true;
}


void Exchange::sendJson(int status, const Poco::JSON::Object& object)
{
	std::ostringstream out;
	object.stringify(out);
	sendBody(status, "application/json; charset=utf-8", out.str());
}


void Exchange::sendJsonText(int status, const std::string& json)
{
	sendBody(status, "application/json; charset=utf-8", json);
}


void Exchange::sendNoContent()
{
	discardUnreadBody();
	_response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_NO_CONTENT);
	_response.setContentLength(0);
	_response.send();
	_sent = true;
}


void Exchange::sendDetail(int status, const std::string& detail)
{
	Poco::JSON::Object answer;
	answer.set("detail", detail);
	sendJson(status, answer);
}


void Exchange::sendProblem(Problem problem, const std::string& detail)
{
	sendProblem(AuthException(problem, detail));
}


void Exchange::sendProblem(const AuthException& exception)
{
	sendProblem(exception, Poco::JSON::Object());
}


void Exchange::sendProblem(const AuthException& exception, const Poco::JSON::Object& extensions)
{
	Problem problem = exception.problem();
	Poco::JSON::Object body(extensions);
	body.set("type", ProblemCatalog::type(problem));
	body.set("title", ProblemCatalog::title(problem));
	body.set("status", exception.status());
	body.set("detail", exception.message());
	body.set("code", ProblemCatalog::code(problem));
	if (const auto* validation = dynamic_cast<const Core::ValidationException*>(&exception))
	{
		Poco::JSON::Object errors;
		for (const auto& field: validation->errors())
		{
			Poco::JSON::Array messages;
			for (const auto& message: field.second) messages.add(message);
			errors.set(field.first, messages);
		}
		body.set("errors", errors);
	}
	if (exception.retryAfter() > 0) _response.set("Retry-After", std::to_string(exception.retryAfter()));
	if (exception.status() == 401)
	{
		// RFC 6750 §3: no error code when credentials were missing.
		bool tokenProblem = problem == Problem::InvalidToken || problem == Problem::TokenExpired || problem == Problem::TokenReused;
		bool presented = !bearerToken().empty() || problem != Problem::InvalidToken;
		_response.set("WWW-Authenticate", tokenProblem && presented ? "Bearer realm=\"authserver\", error=\"invalid_token\"" : "Bearer realm=\"authserver\"");
	}
	std::ostringstream out;
	body.stringify(out);
	sendBody(exception.status(), "application/problem+json; charset=utf-8", out.str());
}


bool Exchange::sent() const
{
	return _sent;
}


std::string Exchange::bearerToken() const
{
	if (!_request.has("Authorization")) return "";
	const std::string& value = _request.get("Authorization");
	if (value.size() < 7 || Poco::icompare(value.substr(0, 7), "Bearer ") != 0) return "";
	return Poco::trim(value.substr(7));
}


} } // namespace AuthServer::Http
