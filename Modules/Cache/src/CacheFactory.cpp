//
// CacheFactory.cpp
//


#include "AuthServer/Cache/CacheFactory.h"
#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Cache/NearCache.h"
#include "AuthServer/Cache/RedisCache.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"


namespace AuthServer {
namespace Cache {


Cache::Ptr CacheFactory::create(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader reader(config);
	std::string backend = reader.getChoice(Core::Keys::CACHE_BACKEND);
	if (backend == "redis")
	{
		RedisCache::Settings settings;
		settings.host = reader.getString(Core::Keys::REDIS_HOST);
		settings.port = reader.getInt(Core::Keys::REDIS_PORT);
		settings.password = reader.getString(Core::Keys::REDIS_PASSWORD);
		settings.database = reader.getInt(Core::Keys::REDIS_DATABASE);
		settings.keyPrefix = reader.getString(Core::Keys::REDIS_KEY_PREFIX);
		settings.poolSize = reader.getInt(Core::Keys::REDIS_POOL_SIZE);
		settings.timeout = Poco::Timespan(reader.getInt(Core::Keys::REDIS_TIMEOUT), 0);
		if (reader.getBool(Core::Keys::REDIS_NEAR_CACHE))
		{
			NearCache::Settings near;
			near.redis = settings;
			// The keys every authenticated request reads (SessionService:
			// access-token blacklist, session marker, user record).
			near.families = {"jti:", "session:", "user:"};
			near.maxEntries = static_cast<std::size_t>(reader.getInt(Core::Keys::REDIS_NEAR_CACHE_ENTRIES));
			near.maxAge = reader.getInt(Core::Keys::REDIS_NEAR_CACHE_MAX_AGE);
			return new NearCache(near);
		}
		return new RedisCache(settings);
	}
	return new MemoryCache;
}


} } // namespace AuthServer::Cache
