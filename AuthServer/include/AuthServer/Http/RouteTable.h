//
// RouteTable.h
//
// Every endpoint of the server, in API.md's order.
//


#ifndef AuthServer_Http_RouteTable_INCLUDED
#define AuthServer_Http_RouteTable_INCLUDED


#include "AuthServer/Http/Route.h"
#include <vector>


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
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_RouteTable_INCLUDED
