//
// GramPlanner.cpp
//


#include "GramPlanner.h"
#include "Poco/String.h"
#include <algorithm>
#include <utility>


namespace AuthServer {
namespace Persistence {


std::vector<std::size_t> GramPlanner::characterStarts(const std::string& text)
{
	// Every byte that is not a UTF-8 continuation byte starts a code point.
	std::vector<std::size_t> starts;
	for (std::size_t i = 0; i < text.size(); ++i)
		if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
	starts.push_back(text.size());
	return starts;
}


Poco::Int64 GramPlanner::documents(const std::string& gram, const Probe& probe)
{
	if (std::optional<Poco::Int64> remembered = _documents.find(gram)) return *remembered;
	// Probed outside the map's lock: two searches may probe one gram at
	// once and store the same count.
	Poco::Int64 n = probe(gram);
	_documents.put(gram, n);
	return n;
}


std::vector<std::string> GramPlanner::rarest(const std::string& text, std::size_t count, const Probe& probe)
{
	std::vector<std::size_t> starts = characterStarts(text);
	std::size_t characters = starts.size() - 1;
	if (characters < GRAM || count == 0) return {};
	// (users, position) of each distinct gram, in text order.
	std::vector<std::pair<Poco::Int64, std::string>> grams;
	for (std::size_t k = 0; k + GRAM <= characters; ++k)
	{
		// Poco::toLower folds ASCII letters only, as SQLite's lower() and
		// LIKE do; other bytes stay.
		std::string gram = Poco::toLower(text.substr(starts[k], starts[k + GRAM] - starts[k]));
		if (std::any_of(grams.begin(), grams.end(), [&gram](const auto& g) { return g.second == gram; })) continue;
		Poco::Int64 n = documents(gram, probe);
		if (n == 0) return {gram};
		grams.emplace_back(n, std::move(gram));
	}
	std::stable_sort(grams.begin(), grams.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
	std::vector<std::string> chosen;
	for (std::size_t i = 0; i < grams.size() && i < count; ++i) chosen.push_back(grams[i].second);
	return chosen;
}


} } // namespace AuthServer::Persistence
