//
// GramPlanner.h
//
// Picks the rarest 5-character grams of an admin search text (issue 14).
//


#ifndef AuthServer_Persistence_GramPlanner_INCLUDED
#define AuthServer_Persistence_GramPlanner_INCLUDED


#include "AuthServer/Core/ExpiringMap.h"
#include "Poco/Types.h"
#include <functional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Persistence {


class GramPlanner
	/// Plans a gram-index search the way a planner uses statistics: of a
	/// search text of GRAM or more characters it picks the grams (GRAM
	/// consecutive characters) held by the fewest users, so the search
	/// reads the short id lists of those grams in the index of migration
	/// 0015 (SQLite) instead of the long ones most users share ("user",
	/// "@scale", "00000"). A gram's user count comes from a probe that
	/// stops at PROBE_LIMIT, remembered for MAX_AGE seconds in a map of at
	/// most MAX_ENTRIES grams. The counts only choose the grams: every
	/// user that holds the text holds all of its grams, and the caller
	/// checks each candidate against the full text, so a stale count costs
	/// time, never a result. Thread-safe.
{
public:
	static constexpr std::size_t GRAM = 5;
		/// Characters (UTF-8 code points) of a gram; migration 0015
		/// indexes grams of this length.
	static constexpr Poco::Int64 PROBE_LIMIT = 4096;
		/// Users a probe counts at most (a range of the index's primary
		/// key: about 0.3 ms at the limit).
	static constexpr std::size_t MAX_ENTRIES = 65536;
		/// Grams remembered (a few MB at most); emptied when full.
	static constexpr Poco::Int64 MAX_AGE = 300;
		/// Seconds a remembered count is used before it is probed again.

	using Probe = std::function<Poco::Int64(const std::string& gram)>;
		/// Returns the users holding gram (GRAM UTF-8 characters, ASCII
		/// letters lowered), counted up to PROBE_LIMIT.

	static std::vector<std::size_t> characterStarts(const std::string& text);
		/// Returns the byte offset of each UTF-8 code point of text, then
		/// text.size().

	std::vector<std::string> rarest(const std::string& text, std::size_t count, const Probe& probe);
		/// Returns up to count distinct grams of text (ASCII letters
		/// lowered), those with the fewest users first (the first in text
		/// on a tie); only the first gram that no user holds when there is
		/// one (nothing can match); empty when text has fewer than GRAM
		/// code points (no probe).

private:
	Poco::Int64 documents(const std::string& gram, const Probe& probe);

	Core::ExpiringMap<std::string, Poco::Int64> _documents{MAX_ENTRIES, std::chrono::seconds(MAX_AGE)};
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_GramPlanner_INCLUDED
