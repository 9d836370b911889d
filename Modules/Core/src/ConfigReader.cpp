//
// ConfigReader.cpp
//


#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeyTable.h"
#include "Poco/NumberFormatter.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <algorithm>
#include <cmath>


namespace AuthServer {
namespace Core {


ConfigReader::ConfigReader(const Poco::Util::AbstractConfiguration& config):
	_config(config)
{
}


const ConfigKey& ConfigReader::entry(const std::string& key, std::initializer_list<ConfigKey::Type> types) const
{
	const ConfigKey& k = ConfigKeyTable::get(key);
	if (types.size() > 0 && std::find(types.begin(), types.end(), k.type) == types.end())
		throw ConfigurationException(key, "is a " + k.typeName() + " key in the configuration key table, read as another type");
	return k;
}


std::string ConfigReader::raw(const std::string& key, const std::string& deflt) const
{
	try
	{
		return _config.getString(key, deflt);
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(key, exc.displayText());
	}
}


std::string ConfigReader::getString(const std::string& key) const
{
	return raw(key, entry(key, {}).deflt);
}


std::string ConfigReader::getString(const std::string& key, const std::string& deflt) const
{
	entry(key, {});
	return raw(key, deflt);
}


std::string ConfigReader::getRequiredString(const std::string& key) const
{
	std::string value = Poco::trim(getString(key));
	if (value.empty()) throw ConfigurationException(key, "must be set");
	return value;
}


int ConfigReader::parseInt(const ConfigKey& key, const std::string& text) const
{
	int value = 0;
	if (!Poco::NumberParser::tryParse(text, value))
		throw ConfigurationException(key.name, "'" + text + "' is not an integer");
	if (value < key.minValue || value > key.maxValue)
		throw ConfigurationException(key.name, "must be between " + Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.minValue)) + " and " + Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.maxValue)) + ", not " + text);
	return value;
}


int ConfigReader::getInt(const std::string& key) const
{
	const ConfigKey& k = entry(key, {ConfigKey::INT});
	std::string text = Poco::trim(raw(key, ""));
	if (text.empty()) text = k.deflt;
	if (text.empty()) throw ConfigurationException(key, "must be set");
	return parseInt(k, text);
}


int ConfigReader::getInt(const std::string& key, int deflt) const
{
	const ConfigKey& k = entry(key, {ConfigKey::INT});
	std::string text = Poco::trim(raw(key, ""));
	if (text.empty()) return deflt;
	return parseInt(k, text);
}


double ConfigReader::getNumber(const std::string& key) const
{
	const ConfigKey& k = entry(key, {ConfigKey::NUMBER, ConfigKey::INT});
	std::string text = Poco::trim(raw(key, ""));
	if (text.empty()) text = k.deflt;
	if (text.empty()) throw ConfigurationException(key, "must be set");
	double value = 0;
	if (!Poco::NumberParser::tryParseFloat(text, value) || !std::isfinite(value))
		throw ConfigurationException(key, "'" + text + "' is not a number");
	if (value < k.minValue || value > k.maxValue)
		throw ConfigurationException(key, "must be between " + Poco::NumberFormatter::format(k.minValue) + " and " + Poco::NumberFormatter::format(k.maxValue) + ", not " + text);
	return value;
}


bool ConfigReader::parseBool(const ConfigKey& key, const std::string& text) const
{
	bool value = false;
	if (!Poco::NumberParser::tryParseBool(text, value))
		throw ConfigurationException(key.name, "'" + text + "' is not a boolean (true/false)");
	return value;
}


bool ConfigReader::getBool(const std::string& key) const
{
	const ConfigKey& k = entry(key, {ConfigKey::BOOL});
	std::string text = Poco::trim(raw(key, ""));
	if (text.empty()) text = k.deflt;
	if (text.empty()) throw ConfigurationException(key, "must be set");
	return parseBool(k, text);
}


bool ConfigReader::getBool(const std::string& key, bool deflt) const
{
	const ConfigKey& k = entry(key, {ConfigKey::BOOL});
	std::string text = Poco::trim(raw(key, ""));
	if (text.empty()) return deflt;
	return parseBool(k, text);
}


std::string ConfigReader::getChoice(const std::string& key) const
{
	const ConfigKey& k = entry(key, {ConfigKey::ENUM});
	std::string value = Poco::trim(raw(key, k.deflt));
	std::string allowed;
	for (const std::string& choice: k.choices)
	{
		if (value == choice) return value;
		if (!allowed.empty()) allowed += ", ";
		allowed += choice;
	}
	throw ConfigurationException(key, "'" + value + "' is not one of " + allowed);
}


std::vector<std::string> ConfigReader::getList(const std::string& key) const
{
	const ConfigKey& k = entry(key, {ConfigKey::LIST});
	std::vector<std::string> result;
	Poco::StringTokenizer tok(raw(key, k.deflt), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const auto& item: tok) result.push_back(item);
	return result;
}


const Poco::Util::AbstractConfiguration& ConfigReader::config() const
{
	return _config;
}


} } // namespace AuthServer::Core
