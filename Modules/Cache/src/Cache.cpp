//
// Cache.cpp
//


#include "AuthServer/Cache/Cache.h"


namespace AuthServer {
namespace Cache {


std::vector<std::optional<std::string>> Cache::getMany(const std::vector<std::string>& keys)
{
	std::vector<std::optional<std::string>> values;
	values.reserve(keys.size());
	for (const std::string& key: keys) values.push_back(get(key));
	return values;
}


void Cache::sweepExpired()
{
}


} } // namespace AuthServer::Cache
