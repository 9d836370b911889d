//
// PgGramPlanner.cpp
//


#include "PgGramPlanner.h"
#include "Poco/NumberParser.h"
#include <algorithm>
#include <limits>


namespace AuthServer {
namespace Persistence {


namespace
{
	const Poco::Clock::ClockDiff AGE = PgGramPlanner::MAX_AGE * Poco::Clock::resolution();
}


PgGramPlanner::PgGramPlanner(const std::string& function, const std::string& index):
	// q's gram hashes, by the function the index is built on.
	_gramHashes("SELECT unnest(" + function + "($1, '', ''))"),
	// The most common hashes of the index expression and their shares of
	// rows, with the row estimate of users (-1 before its first VACUUM or
	// ANALYZE); most_common_elem_freqs ends with three more numbers
	// (minimum, maximum, null share), which meet no element and are dropped.
	_gramStatistics(
		"SELECT h, f, (SELECT reltuples FROM pg_class WHERE oid = to_regclass('users')) "
		"FROM pg_stats, unnest(most_common_elems::text::integer[], most_common_elem_freqs) AS x(h, f) "
		"WHERE schemaname = current_schema() AND tablename = '" + index + "' AND h IS NOT NULL")
{
}


std::vector<Poco::Int32> PgGramPlanner::hashesOf(PgConnection& connection, const std::string& query)
{
	if (std::optional<std::vector<Poco::Int32>> remembered = _hashes.find(query)) return *remembered;
	std::vector<Poco::Int32> values;
	for (const PgConnection::Row& row: connection.execute(_gramHashes, {query}))
		if (!row.empty() && row[0]) values.push_back(Poco::NumberParser::parse(*row[0]));
	// Migration 0018's function repeats the hash of a repeated pair.
	std::sort(values.begin(), values.end());
	values.erase(std::unique(values.begin(), values.end()), values.end());
	_hashes.put(query, values);
	return values;
}


void PgGramPlanner::readStatistics(PgConnection& connection)
{
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		if (_everRead && !_statisticsReadAt.isElapsed(AGE)) return;
	}
	// One reader. Before the first read has finished the others wait for
	// it: without statistics every hash ranks as rare, and a q most users
	// hold took user_search_rare's bitmap path (2.1 s for "Person 1" at
	// 10^6 users, met by the searches of a server's first moments under
	// load). Later the others go on with the statistics they have.
	std::unique_lock<std::mutex> reading(_readMutex, std::defer_lock);
	if (_everRead)
	{
		if (!reading.try_lock()) return;
	}
	else reading.lock();
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		if (_everRead && !_statisticsReadAt.isElapsed(AGE)) return;
	}
	// On failure nothing changes: the next search reads them again.
	std::unordered_map<Poco::Int32, double> frequencies;
	double rows = 0;
	for (const PgConnection::Row& row: connection.execute(_gramStatistics, {}))
	{
		if (row.size() != 3 || !row[0] || !row[1]) continue;
		frequencies[Poco::NumberParser::parse(*row[0])] = Poco::NumberParser::parseFloat(*row[1]);
		if (row[2]) rows = std::max(0.0, Poco::NumberParser::parseFloat(*row[2]));
	}
	Poco::FastMutex::ScopedLock lock(_mutex);
	_frequencies.swap(frequencies);
	_rows = rows;
	_statisticsReadAt.update();
	_everRead = true;
}


PgGramPlanner::Choice PgGramPlanner::rarest(PgConnection& connection, const std::string& query, std::size_t count)
{
	readStatistics(connection);
	std::vector<Poco::Int32> hashes = hashesOf(connection, query);
	std::vector<std::pair<double, Poco::Int32>> ranked;
	double rows = 0;
	{
		Poco::FastMutex::ScopedLock lock(_mutex);
		for (Poco::Int32 h: hashes)
		{
			auto it = _frequencies.find(h);
			ranked.emplace_back(it == _frequencies.end() ? 0.0 : it->second, h);
		}
		rows = _rows;
	}
	std::sort(ranked.begin(), ranked.end());
	Choice choice;
	choice.hashes = "{";
	for (std::size_t i = 0; i < ranked.size() && i < count; ++i)
		choice.hashes += (i ? "," : "") + std::to_string(ranked[i].second);
	choice.hashes += "}";
	// No gram: every user holds q's grams, a broad q.
	choice.holders = ranked.empty() ? std::numeric_limits<double>::infinity() : ranked.front().first * rows;
	return choice;
}


} } // namespace AuthServer::Persistence
