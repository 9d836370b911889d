//
// TrigramPlanner.h
//
// Picks the rarest trigrams of an admin search text (issue 14).
//


#ifndef AuthServer_Persistence_TrigramPlanner_INCLUDED
#define AuthServer_Persistence_TrigramPlanner_INCLUDED


#include "Poco/Clock.h"
#include "Poco/Mutex.h"
#include "Poco/Types.h"
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace Persistence {


class TrigramPlanner
	/// Plans a trigram-index search the way a planner uses statistics:
	/// of the trigrams of a search text it keeps the few with the fewest
	/// documents, so the FTS5 index of migration 0006 intersects short
	/// posting lists instead of the ~N long lists of trigrams every user
	/// shares ("use", "@ex", "son"). A trigram's document count comes from
	/// a probe that stops at PROBE_LIMIT (fts5vocab counts a term by
	/// reading its whole posting list: ~120 ms for a trigram of 10^6
	/// users), remembered for MAX_AGE seconds in a map of at most
	/// MAX_ENTRIES trigrams. The counts only order the trigrams: the
	/// caller checks every candidate against the full text, so a stale or
	/// wrong count costs time, never a result. Thread-safe.
{
public:
	static constexpr Poco::Int64 PROBE_LIMIT = 64;
		/// Documents a probe counts at most; trigrams at the limit are
		/// "common" and tie.
	static constexpr std::size_t MAX_ENTRIES = 16384;
		/// Trigrams remembered (~1 MB at most); the map is emptied when full.
	static constexpr Poco::Int64 MAX_AGE = 60;
		/// Seconds a remembered count is used before it is probed again.

	using Probe = std::function<Poco::Int64(const std::string& trigram)>;
		/// Returns the documents holding trigram (3 UTF-8 characters),
		/// counted up to PROBE_LIMIT.

	static std::vector<std::string> trigrams(const std::string& text);
		/// Returns the distinct trigrams of text (UTF-8; a trigram is 3
		/// consecutive code points, as FTS5's trigram tokenizer cuts them),
		/// ASCII letters lowered, in order of first appearance; none for a
		/// text of fewer than 3 code points.

	std::vector<std::string> rarest(const std::string& text, std::size_t count, const Probe& probe);
		/// Returns at most count trigrams of text, fewest documents first
		/// (ties in text order), probing those not remembered.

private:
	struct Entry
	{
		Poco::Int64 documents;
		Poco::Clock probedAt;
	};

	Poco::FastMutex _mutex;
	std::unordered_map<std::string, Entry> _entries;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_TrigramPlanner_INCLUDED
