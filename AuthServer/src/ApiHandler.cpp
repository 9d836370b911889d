//
// ApiHandler.cpp
//


#include "AuthServer/Http/ApiHandler.h"
#include "AuthServer/Core/EscapingChannel.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Data/DataException.h"
#include "Poco/Data/SessionPool.h"
#include "Poco/Logger.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <atomic>
#include <chrono>
#include <cstdio>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Http {


namespace
{
	std::string newRequestId()
	{
		// Unique, not secret: a random per-process prefix and a counter, so
		// the hot path does not take OpenSSL's DRBG lock on every request.
		static const std::string PREFIX = Core::SecureRandom::token(6) + "-";
		static std::atomic<unsigned long long> counter{0};
		return PREFIX + std::to_string(++counter);
	}

	Poco::Logger& accessLogger()
	{
		static Poco::Logger& logger = Poco::Logger::get("AuthServer.Access");
		return logger;
	}

	Poco::Logger& httpLogger()
	{
		static Poco::Logger& logger = Poco::Logger::get("AuthServer.Http");
		return logger;
	}
}


ApiHandler::ApiHandler(const ServerContext& server, const RouteMatch& match):
	_server(server),
	_match(match)
{
}


const ServerContext& ApiHandler::server() const
{
	return _server;
}


std::optional<Poco::Int64> ApiHandler::callerAccount(const Exchange& exchange) const
{
	std::string token = exchange.bearerToken();
	if (token.empty()) return std::nullopt;
	try
	{
		return _server.identity().authentication().authenticate(token).userId;
	}
	catch (AuthException&)
	{
		return std::nullopt;
	}
}


void ApiHandler::sendError(Exchange& exchange, const AuthException& exception)
{
	exchange.sendProblem(exception);
}


std::string ApiHandler::escapeForLog(const std::string& value)
{
	return Core::EscapingChannel::escape(value, true, 512);
}


bool ApiHandler::isValidRequestId(const std::string& id)
{
	if (id.empty() || id.size() > 128) return false;
	for (unsigned char c: id)
		if (!(std::isalnum(c) || c == '.' || c == '_' || c == '-')) return false;
	return true;
}


std::string ApiHandler::clientAddress(const Poco::Net::HTTPServerRequest& request) const
{
	Poco::Net::IPAddress peer = request.clientAddress().host();
	if (!request.has("X-Forwarded-For") || !_server.isTrustedProxy(peer)) return peer.toString();
	// Walk X-Forwarded-For from the right: the first address that is not
	// one of our proxies is the client (the left part is caller-supplied).
	Poco::StringTokenizer hops(request.get("X-Forwarded-For"), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	std::string client = peer.toString();
	for (std::size_t i = hops.count(); i-- > 0;)
	{
		Poco::Net::IPAddress hop;
		if (!Poco::Net::IPAddress::tryParse(hops[i], hop)) break;
		client = hop.toString();
		if (!_server.isTrustedProxy(hop)) break;
	}
	return client;
}


void ApiHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	auto started = std::chrono::steady_clock::now();
	Identity::RequestContext context;
	std::string callerId = request.get("X-Request-Id", "");
	context.requestId = isValidRequestId(callerId) ? callerId : newRequestId();
	context.ip = clientAddress(request);
	context.userAgent = request.get("User-Agent", "").substr(0, 512);
	if (_match.route) context.profile = _match.route->profile;

	response.set("X-Request-Id", context.requestId);
	response.set("X-Content-Type-Options", "nosniff");
	response.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
	response.set("X-Frame-Options", "DENY");
	response.set("Referrer-Policy", "no-referrer");
	response.set("Cache-Control", "no-store");
	if (request.secure()) response.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains"); // HTTPS only (RFC 6797 §7.2, ASVS 14.4.5)
	_server.cors().apply(request, response);

	Exchange exchange(_server, _match, request, response, context);
	// 503 with Retry-After for a dependency that is down or saturated, 500
	// for a bug; both quote the request id (OWASP ASVS 7.4.1).
	auto unavailable = [&](const std::string& what)
	{
		if (!exchange.sent()) sendError(exchange, AuthException(Problem::ServiceUnavailable, what + "; try again shortly (request id " + context.requestId + ").").setRetryAfter(1));
	};
	auto internalError = [&]
	{
		if (!exchange.sent()) sendError(exchange, AuthException(Problem::InternalError, "Internal error; quote request id " + context.requestId + "."));
	};
	try
	{
		try
		{
			if (_match.route && !_match.route->rateBucket.empty() && _server.identity().rateLimiter().enabled())
				_server.identity().rateLimiter().checkIp(_match.route->rateBucket, context.ip);
			Auth auth = _match.route ? _match.route->auth : Auth::None;
			if (auth != Auth::None)
			{
				std::string token = exchange.bearerToken();
				if (token.empty()) throw AuthException(Problem::InvalidToken, "Authentication credentials were not provided.");
				Identity::Principal principal = _server.identity().authentication().authenticate(token);
				if (auth == Auth::Admin && principal.role != "admin")
				{
					// OWASP ASVS 7.2.2: access control failures are logged.
					httpLogger().warning("request %s: access denied: user %s (role %s) to %s %s", context.requestId,
						std::to_string(principal.userId), escapeForLog(principal.role), escapeForLog(request.getMethod()), _match.route->pattern);
					throw AuthException(Problem::Forbidden, "This endpoint is for administrators.");
				}
				exchange.setPrincipal(std::move(principal));
			}
			handle(exchange);
		}
		catch (AuthException& exc)
		{
			if (!exchange.sent()) sendError(exchange, exc);
		}
		catch (Poco::Data::SessionPoolExhaustedException& exc)
		{
			httpLogger().warning("request %s: database pool exhausted", context.requestId);
			unavailable("The server is busy");
		}
		catch (Poco::Data::DataException& exc)
		{
			httpLogger().error("request %s: database error: %s", context.requestId, escapeForLog(exc.displayText()));
			unavailable("A backing service is unavailable");
		}
		catch (Poco::IOException& exc)
		{
			// Redis (RedisCache throws IOException), network and file
			// failures: a dependency is down, not a bug. 503, never 500.
			httpLogger().error("request %s: backing service error: %s", context.requestId, escapeForLog(exc.displayText()));
			unavailable("A backing service is unavailable");
		}
		catch (Poco::TimeoutException& exc)
		{
			httpLogger().error("request %s: backing service timeout: %s", context.requestId, escapeForLog(exc.displayText()));
			unavailable("A backing service is unavailable");
		}
		catch (Poco::Exception& exc)
		{
			httpLogger().error("request %s: %s", context.requestId, escapeForLog(exc.displayText()));
			internalError();
		}
		catch (std::exception& exc)
		{
			httpLogger().error("request %s: %s", context.requestId, escapeForLog(exc.what()));
			internalError();
		}
	}
	catch (...)
	{
		// Writing the answer itself failed (peer gone): nothing more to send.
	}
	double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
	_server.metrics().record(_match.route, request.getMethod(), static_cast<int>(response.getStatus()), ms / 1000.0);
	if (!context.profile.empty()) _server.metrics().countCompatRequest(context.profile);
	Poco::Logger& access = accessLogger();
	if (access.information())
	{
		std::string path = request.getURI();
		std::size_t query = path.find('?');
		if (query != std::string::npos) path.resize(query);
		char duration[32];
		std::snprintf(duration, sizeof(duration), "%.1f", ms);
		// Appended, not Poco::format (issue 14: the pattern's parsing was
		// about 15,000 instructions a request); the same text:
		// METHOD PATH STATUS MSms rid=R ip=I.
		std::string line = escapeForLog(request.getMethod());
		line.reserve(line.size() + path.size() + context.requestId.size() + context.ip.size() + 48);
		line += ' ';
		line += escapeForLog(path);
		line += ' ';
		line += std::to_string(static_cast<int>(response.getStatus()));
		line += ' ';
		line += duration;
		line += "ms rid=";
		line += context.requestId;
		line += " ip=";
		line += context.ip;
		access.information(line);
	}
}


} } // namespace AuthServer::Http
