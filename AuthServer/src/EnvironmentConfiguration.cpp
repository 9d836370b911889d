//
// EnvironmentConfiguration.cpp
//


#include "AuthServer/Http/EnvironmentConfiguration.h"
#include "Poco/String.h"
#include <map>


extern char** environ;


namespace AuthServer {
namespace Http {


std::string EnvironmentConfiguration::variableName(const std::string& key)
{
	std::string name = "AUTHSERVER_" + Poco::toUpper(key);
	Poco::replaceInPlace(name, ".", "_");
	return name;
}


Poco::AutoPtr<Poco::Util::MapConfiguration> EnvironmentConfiguration::fromEnvironment(const std::vector<std::string>& knownKeys, const std::vector<std::string>& environment, std::vector<std::string>& unknown)
{
	std::map<std::string, std::string> byVariable;
	for (const std::string& key: knownKeys) byVariable[variableName(key)] = key;
	Poco::AutoPtr<Poco::Util::MapConfiguration> layer(new Poco::Util::MapConfiguration);
	for (const std::string& entry: environment)
	{
		std::size_t eq = entry.find('=');
		if (eq == std::string::npos) continue;
		std::string name = Poco::toUpper(entry.substr(0, eq));
		if (name.compare(0, 11, "AUTHSERVER_") != 0) continue;
		auto it = byVariable.find(name);
		if (it == byVariable.end()) unknown.push_back(entry.substr(0, eq));
		else layer->setString(it->second, entry.substr(eq + 1));
	}
	return layer;
}


std::vector<std::string> EnvironmentConfiguration::processEnvironment()
{
	std::vector<std::string> result;
	for (char** p = environ; p && *p; ++p) result.emplace_back(*p);
	return result;
}


} } // namespace AuthServer::Http
