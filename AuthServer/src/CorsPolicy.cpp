//
// CorsPolicy.cpp
//


#include "AuthServer/Http/CorsPolicy.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/URI.h"


namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Http {


const std::string CorsPolicy::ALLOWED_HEADERS = "Authorization, Content-Type, X-Request-Id";
const std::string CorsPolicy::EXPOSED_HEADERS = "X-Request-Id, Retry-After, WWW-Authenticate, Allow";


namespace
{
	bool isOrigin(const std::string& origin)
	{
		// An origin is scheme://host[:port] and nothing else (RFC 6454 §6.2).
		try
		{
			Poco::URI uri(origin);
			if (uri.getScheme() != "http" && uri.getScheme() != "https") return false;
			if (uri.getHost().empty() || !uri.getUserInfo().empty()) return false;
			if (!uri.getPath().empty() || !uri.getRawQuery().empty() || !uri.getFragment().empty()) return false;
			std::string authority = origin.substr(uri.getScheme().size() + 3);
			return !authority.empty() && authority.find_first_of("/?#@ ") == std::string::npos;
		}
		catch (Poco::SyntaxException&)
		{
			return false;
		}
	}
}


CorsPolicy::CorsPolicy()
{
}


CorsPolicy::CorsPolicy(const std::vector<std::string>& origins)
{
	for (const std::string& origin: origins)
	{
		if (origin == "*")
			throw Core::ConfigurationException(Keys::HTTP_CORS_ALLOWED_ORIGINS, "\"*\" is not allowed: list the origins (OWASP ASVS 14.5.3)");
		if (origin == "null")
			throw Core::ConfigurationException(Keys::HTTP_CORS_ALLOWED_ORIGINS, "\"null\" is not allowed: any sandboxed page sends it");
		if (!isOrigin(origin))
			throw Core::ConfigurationException(Keys::HTTP_CORS_ALLOWED_ORIGINS, "'" + origin + "' is not an origin (scheme://host[:port], no path or trailing slash)");
		_origins.insert(origin);
	}
}


CorsPolicy CorsPolicy::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
	return CorsPolicy(Core::ConfigReader(config).getList(Keys::HTTP_CORS_ALLOWED_ORIGINS));
}


bool CorsPolicy::enabled() const
{
	return !_origins.empty();
}


bool CorsPolicy::allows(const std::string& origin) const
{
	return _origins.count(origin) > 0;
}


bool CorsPolicy::isPreflight(const Poco::Net::HTTPServerRequest& request)
{
	return request.getMethod() == Poco::Net::HTTPRequest::HTTP_OPTIONS && request.has("Origin") && request.has("Access-Control-Request-Method");
}


void CorsPolicy::apply(const Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) const
{
	if (_origins.empty()) return;
	response.set("Vary", "Origin");
	const std::string& origin = request.get("Origin", "");
	if (origin.empty() || !allows(origin)) return;
	response.set("Access-Control-Allow-Origin", origin);
	response.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
}


void CorsPolicy::applyPreflight(const std::string& allowedMethods, Poco::Net::HTTPServerResponse& response) const
{
	response.set("Access-Control-Allow-Methods", allowedMethods);
	response.set("Access-Control-Allow-Headers", ALLOWED_HEADERS);
	response.set("Access-Control-Max-Age", std::to_string(MAX_AGE));
}


} } // namespace AuthServer::Http
