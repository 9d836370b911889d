//
// RouteTable.h
//
// Every endpoint of the server, in API.md's order.
//


#ifndef AuthServer_Http_RouteTable_INCLUDED
#define AuthServer_Http_RouteTable_INCLUDED


#include "AuthServer/Http/Route.h"
#include <string>
#include <vector>


namespace Poco {
namespace Net {
	class HTTPRequestHandler;
} }


namespace AuthServer {
namespace Http {


class RouteTable
	/// The route table as data (STYLE.md §1): method, path pattern,
	/// authentication and handler factory, one row per endpoint. The
	/// handler factory and the OpenAPI check walk this array.
{
public:
	static const std::vector<Route>& routes();
		/// Returns the rows; patterns have no trailing slash and may hold
		/// {name} segments.

	static std::vector<Route> withProfiles(const std::vector<std::string>& profiles);
		/// Returns routes() and the rows of each profile of profiles
		/// (Docs/COMPAT.md), in that order. Throws
		/// Core::ConfigurationException (compat.profiles) for an unknown
		/// or unbuilt profile and for two profiles serving one method and
		/// path (trailing slash ignored), naming both and the route;
		/// Poco::LogicException for a profile row equal to a native route.

	static std::vector<std::string> builtProfiles();

	static Poco::Net::HTTPRequestHandler* compatFallback(const ServerContext& server, const RouteMatch& match, const std::string& path,
		const std::string& allow, const std::vector<const Route*>& candidates, const std::vector<std::string>& profilesOn);
		/// Returns the handler of a 404 or 405 in a profile's shape
		/// (Docs/COMPAT.md: DRF's {"detail": "Not found."} and
		/// {"detail": "Method \"GET\" not allowed."}, FastAPI's "Not Found"
		/// and "Method Not Allowed", with Allow), or nullptr for the native
		/// problem+json answer. A 405 is the profile's when every route of
		/// the path (candidates) is that profile's; a 404 when path lies
		/// under a prefix of a profile that is on (profilesOn), e.g.
		/// /api/accounts/ or /auth/.
		/// Returns the profiles whose tables this server holds.
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_RouteTable_INCLUDED
