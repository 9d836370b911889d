//
// RequestHandlerFactory.cpp
//


#include "AuthServer/Http/RequestHandlerFactory.h"
#include "AuthServer/Http/RouteTable.h"
#include "handlers/MethodNotAllowedHandler.h"
#include "handlers/NotFoundHandler.h"
#include "handlers/PreflightHandler.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/StringTokenizer.h"
#include "Poco/URI.h"
#include <algorithm>


namespace AuthServer {
namespace Http {


RequestHandlerFactory::RequestHandlerFactory(const ServerContext& server, const std::vector<Route>& routes):
	_server(server),
	_routes(routes)
{
	for (const Route& route: _routes)
	{
		if (route.pattern.find('{') == std::string::npos) _static[route.pattern].push_back(&route);
		else _patterns.push_back(&route);
		if (!route.profile.empty() && std::find(_profiles.begin(), _profiles.end(), route.profile) == _profiles.end())
			_profiles.push_back(route.profile);
	}
}


std::string RequestHandlerFactory::normalizePath(const std::string& uri)
{
	std::string path = uri.substr(0, uri.find_first_of("?#"));
	if (path.size() > 1 && path.back() == '/') path.pop_back();
	return path.empty() ? std::string("/") : path;
}


bool RequestHandlerFactory::matchPattern(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params)
{
	Poco::StringTokenizer p(pattern, "/");
	Poco::StringTokenizer s(path, "/");
	if (p.count() != s.count()) return false;
	std::map<std::string, std::string> found;
	for (std::size_t i = 0; i < p.count(); ++i)
	{
		const std::string& part = p[i];
		if (part.size() > 2 && part.front() == '{' && part.back() == '}')
		{
			if (s[i].empty() || s[i].size() > 128) return false;
			std::string decoded;
			Poco::URI::decode(s[i], decoded);
			found[part.substr(1, part.size() - 2)] = decoded;
		}
		else if (part != s[i]) return false;
	}
	params = std::move(found);
	return true;
}


RouteMatch RequestHandlerFactory::match(const std::string& requestMethod, const std::string& path, std::string& allow) const
{
	// RFC 9110 §9.3.2: HEAD is answered as GET, without the content (POCO's
	// response sends the header block only for a HEAD request).
	const std::string& method = requestMethod == Poco::Net::HTTPRequest::HTTP_HEAD ? Poco::Net::HTTPRequest::HTTP_GET : requestMethod;
	RouteMatch result;
	auto it = _static.find(path);
	if (it != _static.end())
	{
		for (const Route* route: it->second)
		{
			if (route->method == method)
			{
				result.route = route;
				return result;
			}
		}
	}
	std::vector<const Route*> candidates;
	if (it != _static.end()) candidates = it->second;
	std::map<std::string, std::string> params;
	for (const Route* route: _patterns)
	{
		std::map<std::string, std::string> p;
		if (matchPattern(route->pattern, path, p))
		{
			candidates.push_back(route);
			params = p;
		}
	}
	for (const Route* route: candidates)
	{
		if (route->method == method)
		{
			result.route = route;
			result.params = params;
			return result;
		}
	}
	for (const Route* route: candidates)
	{
		if (allow.find(route->method) != std::string::npos) continue;
		if (!allow.empty()) allow += ", ";
		allow += route->method;
		if (route->method == Poco::Net::HTTPRequest::HTTP_GET) allow += ", HEAD";
	}
	return result;
}


std::vector<const Route*> RequestHandlerFactory::candidates(const std::string& path) const
{
	std::vector<const Route*> result;
	auto it = _static.find(path);
	if (it != _static.end()) result = it->second;
	std::map<std::string, std::string> params;
	for (const Route* route: _patterns)
		if (matchPattern(route->pattern, path, params)) result.push_back(route);
	return result;
}


Poco::Net::HTTPRequestHandler* RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest& request)
{
	std::string allow;
	std::string path = normalizePath(request.getURI());
	RouteMatch m = match(request.getMethod(), path, allow);
	if (m.route) return m.route->factory(_server, m);
	if (!allow.empty() && _server.cors().enabled() && CorsPolicy::isPreflight(request)) return new PreflightHandler(_server, m, allow);
	if (!_profiles.empty())
	{
		// The old clients' 404 and 405 in their framework's shape.
		Poco::Net::HTTPRequestHandler* pCompat = RouteTable::compatFallback(_server, m, path, allow, allow.empty() ? std::vector<const Route*>() : candidates(path), _profiles);
		if (pCompat) return pCompat;
	}
	if (!allow.empty()) return new MethodNotAllowedHandler(_server, m, allow);
	return new NotFoundHandler(_server, m);
}


} } // namespace AuthServer::Http
