//
// ConfigReader.cpp
//


#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/NumberFormatter.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <cmath>


namespace AuthServer {
namespace Core {


ConfigReader::ConfigReader(const Poco::Util::AbstractConfiguration& config):
	_config(config)
{
}


std::string ConfigReader::getString(const std::string& key, const std::string& deflt) const
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


std::string ConfigReader::getRequiredString(const std::string& key) const
{
	std::string value = Poco::trim(getString(key));
	if (value.empty()) throw ConfigurationException(key, "must be set");
	return value;
}


int ConfigReader::getInt(const std::string& key, int deflt, int minValue, int maxValue) const
{
	std::string raw = Poco::trim(getString(key));
	if (raw.empty()) return deflt;
	int value = 0;
	if (!Poco::NumberParser::tryParse(raw, value))
		throw ConfigurationException(key, "'" + raw + "' is not an integer");
	if (value < minValue || value > maxValue)
		throw ConfigurationException(key, "must be between " + std::to_string(minValue) + " and " + std::to_string(maxValue) + ", not " + raw);
	return value;
}


double ConfigReader::getNumber(const std::string& key, double deflt, double minValue, double maxValue) const
{
	std::string raw = Poco::trim(getString(key));
	if (raw.empty()) return deflt;
	double value = 0;
	if (!Poco::NumberParser::tryParseFloat(raw, value) || !std::isfinite(value))
		throw ConfigurationException(key, "'" + raw + "' is not a number");
	if (value < minValue || value > maxValue)
		throw ConfigurationException(key, "must be between " + Poco::NumberFormatter::format(minValue) + " and " + Poco::NumberFormatter::format(maxValue) + ", not " + raw);
	return value;
}


bool ConfigReader::getBool(const std::string& key, bool deflt) const
{
	std::string raw = Poco::trim(getString(key));
	if (raw.empty()) return deflt;
	bool value = false;
	if (!Poco::NumberParser::tryParseBool(raw, value))
		throw ConfigurationException(key, "'" + raw + "' is not a boolean (true/false)");
	return value;
}


std::string ConfigReader::getChoice(const std::string& key, const std::string& deflt, std::initializer_list<const char*> choices) const
{
	std::string value = Poco::trim(getString(key, deflt));
	std::string allowed;
	for (const char* choice: choices)
	{
		if (value == choice) return value;
		if (!allowed.empty()) allowed += ", ";
		allowed += choice;
	}
	throw ConfigurationException(key, "'" + value + "' is not one of " + allowed);
}


std::vector<std::string> ConfigReader::getList(const std::string& key) const
{
	std::vector<std::string> result;
	Poco::StringTokenizer tok(getString(key), ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const auto& item: tok) result.push_back(item);
	return result;
}


const Poco::Util::AbstractConfiguration& ConfigReader::config() const
{
	return _config;
}


} } // namespace AuthServer::Core
