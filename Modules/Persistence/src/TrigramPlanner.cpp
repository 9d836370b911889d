//
// TrigramPlanner.cpp
//


#include "TrigramPlanner.h"
#include <algorithm>
#include <utility>


namespace AuthServer {
namespace Persistence {


std::vector<std::size_t> TrigramPlanner::characterStarts(const std::string& text)
{
	// Every byte that is not a UTF-8 continuation byte starts a code point.
	std::vector<std::size_t> starts;
	for (std::size_t i = 0; i < text.size(); ++i)
		if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
	starts.push_back(text.size());
	return starts;
}


Poco::Int64 TrigramPlanner::documents(const std::string& trigram, const Probe& probe)
{
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		auto it = _entries.find(trigram);
		if (it != _entries.end() && !it->second.probedAt.isElapsed(MAX_AGE * Poco::Clock::resolution()))
			return it->second.documents;
	}
	// Probed outside the lock: two searches may probe one trigram at once
	// and store the same count.
	Poco::Int64 n = probe(trigram);
	Poco::FastMutex::ScopedLock lock(_mutex);
	if (_entries.size() >= MAX_ENTRIES) _entries.clear();
	_entries[trigram] = Entry{n, Poco::Clock()};
	return n;
}


std::string TrigramPlanner::window(const std::string& text, const Probe& probe)
{
	std::vector<std::size_t> starts = characterStarts(text);
	std::size_t characters = starts.size() - 1;
	if (characters <= WINDOW) return text;
	// counts[k]: documents of the trigram starting at code point k.
	std::vector<Poco::Int64> counts;
	for (std::size_t k = 0; k + 3 <= characters; ++k)
	{
		std::string trigram = text.substr(starts[k], starts[k + 3] - starts[k]);
		for (char& c: trigram)
			if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
		counts.push_back(documents(trigram, probe));
		if (counts.back() == 0) return text.substr(starts[k], starts[k + 3] - starts[k]);
	}
	const std::size_t perWindow = WINDOW - 2;
	std::size_t best = 0;
	Poco::Int64 bestSum = -1;
	for (std::size_t k = 0; k + perWindow <= counts.size(); ++k)
	{
		Poco::Int64 sum = 0;
		for (std::size_t t = k; t < k + perWindow; ++t) sum += counts[t];
		if (bestSum < 0 || sum < bestSum)
		{
			best = k;
			bestSum = sum;
		}
	}
	return text.substr(starts[best], starts[best + WINDOW] - starts[best]);
}


} } // namespace AuthServer::Persistence
