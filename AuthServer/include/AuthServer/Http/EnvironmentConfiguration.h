//
// EnvironmentConfiguration.h
//
// AUTHSERVER_<KEY> environment variables as a configuration layer.
//


#ifndef AuthServer_Http_EnvironmentConfiguration_INCLUDED
#define AuthServer_Http_EnvironmentConfiguration_INCLUDED


#include "Poco/AutoPtr.h"
#include "Poco/Util/MapConfiguration.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class EnvironmentConfiguration
	/// Builds the environment layer of CONFIG.md: a variable
	/// AUTHSERVER_<KEY> (dots as underscores, matched case-insensitively
	/// against the known keys) sets <KEY>; AUTHSERVER_JWT_SECRET sets
	/// jwt.secret. Variables that match no known key are reported so a typo
	/// does not silently do nothing.
{
public:
	static Poco::AutoPtr<Poco::Util::MapConfiguration> fromEnvironment(const std::vector<std::string>& knownKeys, const std::vector<std::string>& environment, std::vector<std::string>& unknown);
		/// environment holds "NAME=VALUE" strings; returns the matched keys
		/// with their values and fills unknown with unmatched AUTHSERVER_
		/// names.

	static std::vector<std::string> processEnvironment();
		/// Returns this process's environment as "NAME=VALUE" strings.

	static std::string variableName(const std::string& key);
		/// Returns "AUTHSERVER_" + key upper-cased with '.' as '_'.
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_EnvironmentConfiguration_INCLUDED
