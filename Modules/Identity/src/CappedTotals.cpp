//
// CappedTotals.cpp
//


#include "AuthServer/Identity/CappedTotals.h"


namespace AuthServer {
namespace Identity {


bool CappedTotals::capped(const std::string& query, Poco::Int64 now)
{
	std::lock_guard<std::mutex> lock(_mutex);
	auto it = _countedAt.find(query);
	if (it == _countedAt.end()) return false;
	if (now - it->second <= MAX_AGE && now >= it->second) return true;
	_countedAt.erase(it);
	return false;
}


void CappedTotals::remember(const std::string& query, Poco::Int64 now)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (_countedAt.size() >= MAX_ENTRIES) _countedAt.clear();
	_countedAt[query] = now;
}


} } // namespace AuthServer::Identity
