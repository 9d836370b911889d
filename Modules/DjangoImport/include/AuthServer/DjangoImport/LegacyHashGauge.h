//
// LegacyHashGauge.h
//
// The count of accounts whose password is still a Django hash, for metrics.
//


#ifndef AuthServer_DjangoImport_LegacyHashGauge_INCLUDED
#define AuthServer_DjangoImport_LegacyHashGauge_INCLUDED


#include "AuthServer/DjangoImport/ImportStore.h"
#include <cstdint>
#include <mutex>


namespace AuthServer {
namespace DjangoImport {


class LegacyHashGauge
	/// Answers authserver_compat_legacy_password_hashes: counts the users
	/// whose password_hash is a Django hash at most once per maxAgeSeconds
	/// (a scrape every few seconds does not scan users each time). On a
	/// database error it answers the last count. Thread-safe.
{
public:
	LegacyHashGauge(Persistence::Database& database, int maxAgeSeconds = 30);

	std::int64_t value();
		/// Returns the count, at most maxAgeSeconds old.

private:
	ImportStore _store;
	int _maxAge;
	std::mutex _mutex;
	std::int64_t _value = 0;
	std::int64_t _countedAt = 0;
	bool _counted = false;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_LegacyHashGauge_INCLUDED
