//
// CacheSubsystem.cpp
//


#include "AuthServer/Cache/CacheSubsystem.h"
#include "AuthServer/Cache/CacheFactory.h"
#include "Poco/Util/Application.h"


namespace AuthServer {
namespace Cache {


CacheSubsystem::CacheSubsystem() = default;


const char* CacheSubsystem::name() const
{
	return "AuthServer.Cache";
}


Cache& CacheSubsystem::cache()
{
	return *_pCache;
}


void CacheSubsystem::initialize(Poco::Util::Application& app)
{
	_pCache = CacheFactory::create(app.config());
}


void CacheSubsystem::uninitialize()
{
	_pCache = nullptr;
}


} } // namespace AuthServer::Cache
