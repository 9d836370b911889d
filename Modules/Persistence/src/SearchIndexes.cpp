//
// SearchIndexes.cpp
//


#include "AuthServer/Persistence/SearchIndexes.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/SQLite/Utility.h"
#include "Poco/Timestamp.h"
#include <sqlite3.h>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


namespace
{
	// The admin search's FTS5 tables (SQLite migrations 0006, 0015 and 0018).
	const char* const FTS5_INDEXES[] = {"users_search", "user_search_grams", "user_search_pairs"};
}


Poco::UInt64 SearchIndexes::merge(Database& database, const std::function<bool()>& afterStep)
{
	if (database.dialect() != Database::Dialect::SQLite) return 0;
	Poco::UInt64 steps = 0;
	for (const std::string table: FTS5_INDEXES)
	{
		// A negative page count first puts every segment on one level, so
		// the steps end in a single segment; a step did work when it changed
		// two or more rows.
		const std::string step = "INSERT INTO " + table + "(" + table + ", rank) VALUES('merge', " + std::to_string(-MERGE_PAGES) + ")";
		for (;;)
		{
			bool worked = false;
			database.write([&](Poco::Data::Session& w)
			{
				sqlite3* pDb = Poco::Data::SQLite::Utility::dbHandle(w);
				int before = sqlite3_total_changes(pDb);
				w << step, now;
				worked = sqlite3_total_changes(pDb) - before >= 2;
			});
			if (!worked) break;
			++steps;
			if (!afterStep()) return steps;
		}
	}
	return steps;
}


void SearchIndexes::analyze(Database& database)
{
	if (database.dialect() != Database::Dialect::PostgreSQL) return;
	Poco::Data::Session db = database.session();
	PgConnection(db).command("ANALYZE users");
}


std::string SearchIndexes::afterBulkLoad(Database& database)
{
	Poco::Timestamp start;
	if (database.dialect() == Database::Dialect::SQLite)
	{
		Poco::UInt64 steps = merge(database, [] { return true; });
		return "search indexes merged: " + std::to_string(steps) + " steps in " + std::to_string(start.elapsed() / 1000) + " ms";
	}
	analyze(database);
	return "users analyzed for the search: " + std::to_string(start.elapsed() / 1000) + " ms";
}


} } // namespace AuthServer::Persistence
