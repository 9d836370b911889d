//
// ConfigKey.cpp
//


#include "AuthServer/Core/ConfigKey.h"


namespace AuthServer {
namespace Core {


std::string ConfigKey::typeName() const
{
	switch (type)
	{
	case STRING: return "string";
	case INT:    return "int";
	case NUMBER: return "number";
	case BOOL:   return "bool";
	case LIST:   return "list";
	case ENUM:   return "enum";
	}
	return "string";
}


std::string ConfigKey::section() const
{
	return name.substr(0, name.find('.'));
}


} } // namespace AuthServer::Core
