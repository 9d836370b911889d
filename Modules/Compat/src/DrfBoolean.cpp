//
// DrfBoolean.cpp
//


#include "AuthServer/Compat/DrfBoolean.h"
#include <set>


namespace AuthServer {
namespace Compat {


std::optional<bool> DrfBoolean::parse(const Poco::Dynamic::Var& value)
{
	// rest_framework/fields.py BooleanField.TRUE_VALUES / FALSE_VALUES.
	static const std::set<std::string> TRUE_VALUES = {"t", "T", "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "1"};
	static const std::set<std::string> FALSE_VALUES = {"f", "F", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "0"};
	if (value.isEmpty()) return std::nullopt;
	if (value.type() == typeid(bool)) return value.extract<bool>();
	if (value.isInteger())
	{
		Poco::Int64 n = value.convert<Poco::Int64>();
		if (n == 1) return true;
		if (n == 0) return false;
		return std::nullopt;
	}
	if (!value.isString()) return std::nullopt;
	std::string text = value.convert<std::string>();
	if (TRUE_VALUES.count(text)) return true;
	if (FALSE_VALUES.count(text)) return false;
	return std::nullopt;
}


} } // namespace AuthServer::Compat
