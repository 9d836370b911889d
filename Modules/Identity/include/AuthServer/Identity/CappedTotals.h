//
// CappedTotals.h
//
// Remembers, for a short while, the search texts whose total reached the cap.
//


#ifndef AuthServer_Identity_CappedTotals_INCLUDED
#define AuthServer_Identity_CappedTotals_INCLUDED


#include "Poco/Types.h"
#include <mutex>
#include <string>
#include <unordered_map>


namespace AuthServer {
namespace Identity {


class CappedTotals
	/// The admin user search counts at most AdminService::TOTAL_CAP + 1
	/// matches for a total; when more match, the answer says total_capped
	/// (a lower bound), and finding those 10,001 matches checks 10,001 rows
	/// (about 4 ms at 10^6 users, SQLite; one such q in bench/scale.sh's
	/// 300 name searches cost a tenth of their throughput). An admin paging
	/// through a broad q asks for that count on every page. This remembers
	/// each q whose count reached the cap for MAX_AGE seconds, and the count
	/// is not taken again meanwhile: the answer stays "more than 10,000" for
	/// that long even if enough matches were deleted or changed to make it
	/// false (new users only add matches). Other totals are always counted.
	/// At most MAX_ENTRIES texts (emptied when full). Thread-safe.
{
public:
	static constexpr Poco::Int64 MAX_AGE = 60;
		/// Seconds a capped q is remembered.
	static constexpr std::size_t MAX_ENTRIES = 1024;
		/// Texts remembered at most.

	bool capped(const std::string& query, Poco::Int64 now);
		/// Returns true when query (exactly these bytes) reached the cap at
		/// most MAX_AGE seconds before now (epoch seconds); forgets it when
		/// older.

	void remember(const std::string& query, Poco::Int64 now);
		/// Records that query's count reached the cap at now (epoch seconds).

private:
	std::mutex _mutex;
	std::unordered_map<std::string, Poco::Int64> _countedAt;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_CappedTotals_INCLUDED
