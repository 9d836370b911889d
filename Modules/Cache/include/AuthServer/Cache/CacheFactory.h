//
// CacheFactory.h
//
// Creates the Cache named by cache.backend.
//


#ifndef AuthServer_Cache_CacheFactory_INCLUDED
#define AuthServer_Cache_CacheFactory_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "Poco/Util/AbstractConfiguration.h"


namespace AuthServer {
namespace Cache {


class CacheFactory
	/// Maps cache.backend to a Cache implementation.
{
public:
	static Cache::Ptr create(const Poco::Util::AbstractConfiguration& config);
		/// Returns the configured cache. Throws Core::ConfigurationException
		/// naming the key for an unknown cache.backend or a bad redis.*
		/// value. memory: MemoryCache; redis: RedisCache on redis.host,
		/// redis.port, redis.password, redis.database, redis.keyPrefix,
		/// redis.poolSize, redis.timeout (it connects lazily).
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_CacheFactory_INCLUDED
