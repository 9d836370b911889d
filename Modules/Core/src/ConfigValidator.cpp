//
// ConfigValidator.cpp
//


#include "AuthServer/Core/ConfigValidator.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeyTable.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/String.h"
#include <algorithm>


namespace AuthServer {
namespace Core {


namespace
{
	void collectLeaves(const Poco::Util::AbstractConfiguration& config, const std::string& key, std::vector<std::string>& leaves)
		/// Appends the leaves under key: the keys that have no children.
		/// A node with children is never a key of its own: an XML layer
		/// (<config><jwt><accessTokenLifetime>) reports has("jwt") as
		/// true, holding the inner text, although only the leaf is a key.
	{
		Poco::Util::AbstractConfiguration::Keys children;
		config.keys(key, children);
		if (children.empty()) leaves.push_back(key);
		for (const std::string& child: children) collectLeaves(config, key + "." + child, leaves);
	}

	std::vector<std::string> ownedLeaves(const Poco::Util::AbstractConfiguration& config)
		/// Returns the leaves under ConfigValidator::prefixes(), sorted, each once.
	{
		std::vector<std::string> leaves;
		for (const std::string& prefix: ConfigValidator::prefixes())
		{
			Poco::Util::AbstractConfiguration::Keys children;
			config.keys(prefix, children);
			if (config.has(prefix) || !children.empty()) collectLeaves(config, prefix, leaves);
		}
		std::sort(leaves.begin(), leaves.end());
		leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
		return leaves;
	}
}


const std::vector<std::string>& ConfigValidator::prefixes()
{
	// Every first segment of the key table but "logging": the rest of
	// logging.* belongs to POCO's LoggingConfigurator.
	static const std::vector<std::string> PREFIXES = []
	{
		std::vector<std::string> result;
		for (const std::string& section: ConfigKeyTable::sections())
			if (section != "logging") result.push_back(section);
		return result;
	}();
	return PREFIXES;
}


std::vector<std::string> ConfigValidator::unknownKeys(const Poco::Util::AbstractConfiguration& config)
{
	std::vector<std::string> unknown;
	for (const std::string& key: ownedLeaves(config))
		if (!ConfigKeyTable::find(key)) unknown.push_back(key);
	return unknown;
}


void ConfigValidator::validate(const Poco::Util::AbstractConfiguration& config)
{
	std::vector<std::string> unknown = unknownKeys(config);
	if (!unknown.empty())
		throw ConfigurationException(unknown.front(), "unknown configuration key (misspelt? every key is listed by `authserver --list-config` and in Docs/CONFIGURATION.md)");
	ConfigReader reader(config);
	static const std::vector<const ConfigKey*> SORTED = []
	{
		std::vector<const ConfigKey*> sorted;
		for (const ConfigKey& key: ConfigKeyTable::keys()) sorted.push_back(&key);
		std::sort(sorted.begin(), sorted.end(), [](const ConfigKey* a, const ConfigKey* b) { return a->name < b->name; });
		return sorted;
	}();
	for (const ConfigKey* pKey: SORTED)
	{
		const ConfigKey& key = *pKey;
		if (!config.has(key.name)) continue;
		std::string value = Poco::trim(reader.getString(key.name));
		switch (key.type)
		{
		case ConfigKey::INT:
			if (!value.empty()) reader.getInt(key.name, 0);
			break;
		case ConfigKey::NUMBER:
			if (!value.empty()) reader.getNumber(key.name);
			break;
		case ConfigKey::BOOL:
			if (!value.empty()) reader.getBool(key.name, false);
			break;
		case ConfigKey::ENUM:
			reader.getChoice(key.name);
			break;
		case ConfigKey::STRING:
		case ConfigKey::LIST:
			break;
		}
	}
}


} } // namespace AuthServer::Core
