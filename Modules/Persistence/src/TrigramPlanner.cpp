//
// TrigramPlanner.cpp
//


#include "TrigramPlanner.h"
#include <algorithm>
#include <utility>


namespace AuthServer {
namespace Persistence {


std::vector<std::string> TrigramPlanner::trigrams(const std::string& text)
{
	// Code point starts: every byte that is not a UTF-8 continuation byte.
	std::vector<std::size_t> starts;
	for (std::size_t i = 0; i < text.size(); ++i)
		if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
	std::vector<std::string> out;
	if (starts.size() < 3) return out;
	starts.push_back(text.size());
	for (std::size_t k = 0; k + 3 < starts.size(); ++k)
	{
		std::string trigram = text.substr(starts[k], starts[k + 3] - starts[k]);
		for (char& c: trigram)
			if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
		if (std::find(out.begin(), out.end(), trigram) == out.end()) out.push_back(trigram);
	}
	return out;
}


std::vector<std::string> TrigramPlanner::rarest(const std::string& text, std::size_t count, const Probe& probe)
{
	std::vector<std::string> all = trigrams(text);
	std::vector<std::pair<Poco::Int64, std::size_t>> ranked;
	for (std::size_t k = 0; k < all.size(); ++k)
	{
		Poco::Int64 documents = -1;
		{
			Poco::FastMutex::ScopedLock lock(_mutex);
			auto it = _entries.find(all[k]);
			if (it != _entries.end() && !it->second.probedAt.isElapsed(MAX_AGE * Poco::Clock::resolution()))
				documents = it->second.documents;
		}
		if (documents < 0)
		{
			// Probed outside the lock: two searches may probe the same
			// trigram at once, and both store the same count.
			documents = probe(all[k]);
			Poco::FastMutex::ScopedLock lock(_mutex);
			if (_entries.size() >= MAX_ENTRIES) _entries.clear();
			_entries[all[k]] = Entry{documents, Poco::Clock()};
		}
		ranked.emplace_back(documents, k);
		// A trigram no user holds settles the plan: nothing can match.
		if (documents == 0) return {all[k]};
	}
	std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
	std::vector<std::string> out;
	for (std::size_t k = 0; k < ranked.size() && out.size() < count; ++k) out.push_back(all[ranked[k].second]);
	return out;
}


} } // namespace AuthServer::Persistence
