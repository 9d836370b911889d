//
// CacheSubsystem.h
//
// Reads cache.backend and provides the Cache.
//


#ifndef AuthServer_Cache_CacheSubsystem_INCLUDED
#define AuthServer_Cache_CacheSubsystem_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Cache {


class CacheSubsystem: public Poco::Util::Subsystem
	/// Owns cache.backend (and, with Redis, redis.*): creates the Cache
	/// through CacheFactory at initialize().
{
public:
	CacheSubsystem();

	const char* name() const override;

	Cache& cache();
		/// Returns the cache; valid after initialize().

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	Cache::Ptr _pCache;
};


} } // namespace AuthServer::Cache


#endif // AuthServer_Cache_CacheSubsystem_INCLUDED
