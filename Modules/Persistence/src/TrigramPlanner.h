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
	/// Plans a trigram-index search the way a planner uses statistics: of
	/// a search text longer than WINDOW characters it picks the WINDOW
	/// consecutive characters whose trigrams are held by the fewest
	/// documents, so the FTS5 index of migration 0006 matches that
	/// phrase (positions checked: few candidates) instead of seeking
	/// through the ~N long posting list of every trigram most users share
	/// ("use", "@ex", "son"). A trigram's document count comes from a
	/// probe that stops at PROBE_LIMIT (fts5vocab counts a term by reading
	/// its whole posting list: ~120 ms for a trigram of 10^6 users),
	/// remembered for MAX_AGE seconds in a map of at most MAX_ENTRIES
	/// trigrams. The counts only choose the window: the caller checks
	/// every candidate against the full text, so a stale count costs
	/// time, never a result. Thread-safe.
{
public:
	static constexpr std::size_t WINDOW = 5;
		/// Characters (3 trigrams) of the phrase the index matches.
	static constexpr Poco::Int64 PROBE_LIMIT = 16384;
		/// Documents a probe counts at most (about 1 ms of posting list).
	static constexpr std::size_t MAX_ENTRIES = 65536;
		/// Trigrams remembered (a few MB at most); emptied when full.
	static constexpr Poco::Int64 MAX_AGE = 300;
		/// Seconds a remembered count is used before it is probed again.

	using Probe = std::function<Poco::Int64(const std::string& trigram)>;
		/// Returns the documents holding trigram (3 UTF-8 characters,
		/// ASCII letters lowered), counted up to PROBE_LIMIT.

	static std::vector<std::size_t> characterStarts(const std::string& text);
		/// Returns the byte offset of each UTF-8 code point of text, then
		/// text.size().

	std::string window(const std::string& text, const Probe& probe);
		/// Returns the WINDOW consecutive code points of text whose three
		/// trigrams have the fewest documents in all (the first such
		/// window on a tie); text itself when it has WINDOW or fewer code
		/// points (no probe); the one trigram when a trigram of text has
		/// no document (nothing can match).

private:
	Poco::Int64 documents(const std::string& trigram, const Probe& probe);

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
