//
// CacheFactory.cpp
//


#include "AuthServer/Cache/CacheFactory.h"
#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"


namespace AuthServer {
namespace Cache {


Cache::Ptr CacheFactory::create(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader reader(config);
	std::string backend = reader.getChoice(Core::Keys::CACHE_BACKEND, "memory", {"memory", "redis"});
	if (backend == "redis")
		throw Core::ConfigurationException(Core::Keys::CACHE_BACKEND, "the redis backend is not available in this build yet; use memory");
	return new MemoryCache;
}


} } // namespace AuthServer::Cache
