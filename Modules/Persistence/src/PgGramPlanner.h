//
// PgGramPlanner.h
//
// Picks the rarest gram hashes of an admin search text on PostgreSQL (issue 14).
//


#ifndef AuthServer_Persistence_PgGramPlanner_INCLUDED
#define AuthServer_Persistence_PgGramPlanner_INCLUDED


#include "AuthServer/Core/ExpiringMap.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Clock.h"
#include "Poco/Mutex.h"
#include "Poco/Types.h"
#include <atomic>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace Persistence {


class PgGramPlanner
	/// PostgreSQL's counterpart of GramPlanner. The GIN index of migration
	/// 0015 holds, per user, the hashes of the 5-character grams of email,
	/// name and phone; "grams @> the hashes of q" made GIN intersect the
	/// posting lists of every gram of q, the long ones too ("user3" is held
	/// by 11 % of 10^6 numbered users): 0.68 ms of index work for one
	/// match, where the rarest grams take 0.065 ms. This ranks q's hashes
	/// by how common each is: ANALYZE's most_common_elems of the index
	/// expression (pg_stats: with the default statistics target the few
	/// hundred hashes held by about 1 % of users or more; 438 at 10^6
	/// numbered users, the least common at 0.85 %) with the table's row
	/// estimate, read again after MAX_AGE seconds. A hash not among them
	/// is rarer than every one that is, but those below are not ranked
	/// among themselves, which is why the caller takes three: of two
	/// picked among them one may be held by ten times as many users as
	/// another ("user3334@" at 10^6: 32.0 us for 1,111 and 100 holders,
	/// 20.4 us for the best pair, 24.2 us for the three). q's hashes come
	/// from the same SQL function as the index (user_search_grams:
	/// PostgreSQL's lower() and hashtext()),
	/// one round trip per text, remembered for MAX_AGE seconds (at most
	/// MAX_ENTRIES texts). Every user holding q holds all of its grams and
	/// the caller checks each candidate with the LIKE, so a stale or missing
	/// statistic costs time, never a result. Thread-safe.
{
public:
	PgGramPlanner(const std::string& function = "user_search_grams", const std::string& index = "users_search_grams");
		/// function: the SQL function of (email, full_name, phone) giving
		/// a row's gram hashes (integer[]); index: the name of the GIN
		/// index built on it, whose statistics rank the hashes. Migration
		/// 0015's 5-character grams by default; 0018's 2-character ones
		/// with ("user_search_pairs", "users_search_pairs").
		/// Both are identifiers of AuthServer's own schema, spliced into
		/// the SQL, never input.

	static constexpr Poco::Int64 MAX_AGE = 300;
		/// Seconds the statistics and a text's hashes are used.
	static constexpr std::size_t MAX_ENTRIES = 65536;
		/// Texts whose hashes are remembered (emptied when full).

	struct Choice
	{
		std::string hashes;
			/// The chosen hashes as a PostgreSQL integer[] literal
			/// ("{-12,345}"); "{}" when q has no gram (every user holds it).
		double holders = 0;
			/// The estimated number of users holding the rarest chosen
			/// hash: its share of rows (most_common_elem_freqs) times the
			/// table's row estimate (pg_class.reltuples); 0 when it is not
			/// among the statistics (rarer than those), infinity when q has
			/// no gram (every user holds it).
	};

	Choice rarest(PgConnection& connection, const std::string& query, std::size_t count);
		/// Returns up to count distinct hashes of the grams of query, the
		/// least common first. Reads the statistics (one query) when they
		/// are older than MAX_AGE (until the first read has finished, the
		/// other callers wait for it; later they use the old ones), and
		/// query's hashes (one query) when not remembered. Throws
		/// Poco::Data::DataException when a query fails.

private:
	std::vector<Poco::Int32> hashesOf(PgConnection& connection, const std::string& query);
	void readStatistics(PgConnection& connection);

	const std::string _gramHashes;
	const std::string _gramStatistics;
	Poco::FastMutex _mutex;
	Core::ExpiringMap<std::string, std::vector<Poco::Int32>> _hashes{MAX_ENTRIES, std::chrono::seconds(MAX_AGE)};
	std::unordered_map<Poco::Int32, double> _frequencies;
	double _rows = 0;
	Poco::Clock _statisticsReadAt;
	std::atomic<bool> _everRead{false};
		/// Whether a read has finished (until then searches wait for it).
	std::mutex _readMutex;
		/// Held by the one search reading the statistics.
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_PgGramPlanner_INCLUDED
