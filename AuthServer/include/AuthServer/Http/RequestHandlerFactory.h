//
// RequestHandlerFactory.h
//
// Maps each request to the handler of its route.
//


#ifndef AuthServer_Http_RequestHandlerFactory_INCLUDED
#define AuthServer_Http_RequestHandlerFactory_INCLUDED


#include "AuthServer/Http/Route.h"
#include "AuthServer/Http/ServerContext.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include <map>
#include <string>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace Http {


class RequestHandlerFactory: public Poco::Net::HTTPRequestHandlerFactory
	/// Matches method and path against the RouteTable. The path is taken
	/// without query and with one trailing slash removed (API.md: every
	/// path with and without the slash, as Django clients send it). A known
	/// path with another method gets the 405 handler (with Allow), anything
	/// else the 404 handler; it never returns nullptr. Static paths are
	/// found by hash lookup, patterns with {placeholders} by a scan.
{
public:
	explicit RequestHandlerFactory(const ServerContext& server, const std::vector<Route>& routes);

	Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

	RouteMatch match(const std::string& method, const std::string& path, std::string& allow) const;
		/// Returns the matched route (route == nullptr when none) and, when
		/// only the method is wrong, sets allow to "GET, HEAD, POST" etc.
		/// HEAD matches the GET route of the path (RFC 9110 §9.3.2).

	static std::string normalizePath(const std::string& uri);
		/// Returns the path of uri without query or fragment and without one
		/// trailing slash ("/" stays "/").

private:
	static bool matchPattern(const std::string& pattern, const std::string& path, std::map<std::string, std::string>& params);
	std::vector<const Route*> candidates(const std::string& path) const;
		// Every route of path, whatever its method.

	const ServerContext& _server;
	std::vector<Route> _routes;
	std::unordered_map<std::string, std::vector<const Route*>> _static;
	std::vector<const Route*> _patterns;
	std::vector<std::string> _profiles; // compatibility profiles on, in route order
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_RequestHandlerFactory_INCLUDED
