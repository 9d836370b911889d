//
// LegacyHashGauge.cpp
//


#include "AuthServer/DjangoImport/LegacyHashGauge.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Exception.h"


namespace AuthServer {
namespace DjangoImport {


LegacyHashGauge::LegacyHashGauge(Persistence::Database& database, int maxAgeSeconds):
	_store(database),
	_maxAge(maxAgeSeconds)
{
}


std::int64_t LegacyHashGauge::value()
{
	std::lock_guard<std::mutex> lock(_mutex);
	std::int64_t now = Core::Clock::now();
	if (_counted && now - _countedAt < _maxAge) return _value;
	try
	{
		_value = _store.countLegacyHashes();
		_counted = true;
		_countedAt = now;
	}
	catch (Poco::Exception&)
	{
		// The last count stands until the database answers again.
	}
	return _value;
}


} } // namespace AuthServer::DjangoImport
