//
// ShapedError.h
//
// An error answer in an old API's shape, and what shaping it needs.
//


#ifndef AuthServer_Compat_ShapedError_INCLUDED
#define AuthServer_Compat_ShapedError_INCLUDED


#include "Poco/JSON/Object.h"
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace Compat {


struct ErrorContext
	/// The parts of the request an error shape depends on.
{
	std::string authorization;
		/// The raw Authorization header ("" when absent).
	bool refreshRoute = false;
		/// The route is a refresh route (simplejwt's TokenRefreshView): a
		/// 401 concerns the refresh token of the body.
	std::map<std::string, std::string> sentNames;
		/// Native field name -> name as sent (CompatBody::sentNames()).
	std::set<std::string> given;
		/// Native names of the fields given (CompatBody::given()).
	std::string method;
		/// The request method (405 answers name it).
	std::string allow;
		/// The methods the path allows (405).
	std::string contentType;
		/// The request Content-Type (415 answers name it).

	std::string sent(const std::string& name) const
		/// Returns the name the client sent for the native field name
		/// (an alias such as "contact" for "phone_number"), else name:
		/// errors name the field as sent (Docs/COMPAT.md "Aliases").
	{
		auto it = sentNames.find(name);
		return it == sentNames.end() ? name : it->second;
	}
};


struct ShapedError
	/// Status, JSON body and extra headers (WWW-Authenticate, Retry-After,
	/// Allow) of an error answer.
{
	int status = 500;
	Poco::JSON::Object::Ptr pBody = new Poco::JSON::Object;
	std::vector<std::pair<std::string, std::string>> headers;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_ShapedError_INCLUDED
