//
// Route.h
//
// One row of the route table.
//


#ifndef AuthServer_Http_Route_INCLUDED
#define AuthServer_Http_Route_INCLUDED


#include <functional>
#include <map>
#include <string>


namespace Poco {
namespace Net {
	class HTTPRequestHandler;
} }


namespace AuthServer {
namespace Http {


class ServerContext;
struct Route;


enum class Auth
	/// Who may call a route: anybody, a valid access token, or a valid
	/// access token of an admin (403 forbidden otherwise).
{
	None,
	Access,
	Admin
};


struct RouteMatch
	/// A matched route and the values of its {placeholders}.
{
	const Route* route = nullptr;
	std::map<std::string, std::string> params;
};


struct Route
	/// method + path pattern ("/api/auth/sessions/{id}") -> handler, with
	/// the authentication it needs. The handler is created per request.
{
	using Factory = std::function<Poco::Net::HTTPRequestHandler*(const ServerContext&, const RouteMatch&)>;

	std::string method;
	std::string pattern;
	Auth auth;
	Factory factory;
	std::string rateBucket = std::string();
		/// RateLimiter bucket counted per client IP before the handler runs
		/// ("" = none): login, register, passwordForgot, otpRequest, otpVerify.
	std::string profile = std::string();
		/// The compatibility profile serving the route ("" = native;
		/// Docs/COMPAT.md).
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_Route_INCLUDED
