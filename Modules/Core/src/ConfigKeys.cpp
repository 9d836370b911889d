//
// ConfigKeys.cpp
//


#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigKeyTable.h"


namespace AuthServer {
namespace Core {
namespace Keys {


const std::vector<std::string>& all()
{
	static const std::vector<std::string> KEYS = ConfigKeyTable::names();
	return KEYS;
}


} } } // namespace AuthServer::Core::Keys
