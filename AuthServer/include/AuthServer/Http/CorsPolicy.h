//
// CorsPolicy.h
//
// Which browser origins may call the API (http.cors.allowedOrigins).
//


#ifndef AuthServer_Http_CorsPolicy_INCLUDED
#define AuthServer_Http_CorsPolicy_INCLUDED


#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <set>
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class CorsPolicy
	/// Cross-origin resource sharing (Fetch standard §3.2) restricted to a
	/// list of trusted origins (OWASP ASVS 14.5.3): off by default; a listed
	/// Origin (exact, case-sensitive match of scheme://host[:port]) is echoed
	/// in Access-Control-Allow-Origin with Vary: Origin. Never "*", never
	/// "null" (sandboxed frames, file: pages), never
	/// Access-Control-Allow-Credentials: the API authenticates with the
	/// Authorization header, not cookies.
{
public:
	static const std::string ALLOWED_HEADERS;
		/// Request headers a preflight may allow: "Authorization,
		/// Content-Type, X-Request-Id".
	static const std::string EXPOSED_HEADERS;
		/// Response headers scripts may read: "X-Request-Id, Retry-After,
		/// WWW-Authenticate, Allow".
	static const int MAX_AGE = 600;
		/// Seconds a browser may cache a preflight answer.

	CorsPolicy();
		/// Creates a policy that allows no origin (CORS off).

	explicit CorsPolicy(const std::vector<std::string>& origins);
		/// Allows exactly origins. Throws Core::ConfigurationException
		/// naming http.cors.allowedOrigins for "*", "null", or an entry that
		/// is not an http(s) origin without path, query or trailing slash.

	static CorsPolicy fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads http.cors.allowedOrigins (comma-separated).

	bool enabled() const;
		/// Returns whether any origin is allowed.

	bool allows(const std::string& origin) const;
		/// Returns whether origin is one of the listed origins.

	static bool isPreflight(const Poco::Net::HTTPServerRequest& request);
		/// Returns whether request is a CORS preflight: OPTIONS with Origin
		/// and Access-Control-Request-Method.

	void apply(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const;
		/// On any answer while CORS is enabled: adds Vary: Origin and, for a
		/// listed Origin, Access-Control-Allow-Origin: <origin> and
		/// Access-Control-Expose-Headers. Adds nothing when CORS is off.

	void applyPreflight(const std::string& allowedMethods, Poco::Net::HTTPServerResponse& response) const;
		/// Adds Access-Control-Allow-Methods: allowedMethods (the path's
		/// methods), Access-Control-Allow-Headers and
		/// Access-Control-Max-Age to a preflight answer for a listed origin.

private:
	std::set<std::string> _origins;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_CorsPolicy_INCLUDED
