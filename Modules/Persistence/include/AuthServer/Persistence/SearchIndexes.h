//
// SearchIndexes.h
//
// Upkeep of the admin search's indexes after many writes (issue 14).
//


#ifndef AuthServer_Persistence_SearchIndexes_INCLUDED
#define AuthServer_Persistence_SearchIndexes_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "Poco/Types.h"
#include <functional>
#include <string>


namespace AuthServer {
namespace Persistence {


class SearchIndexes
	/// What keeps the admin user search as fast as the benchmarks say after
	/// many users were written at once. On SQLite the FTS5 indexes
	/// (migrations 0006 and 0015) gain a segment per write transaction and
	/// FTS5 probes each (11 after a bulk insert of 10^6 users: 18 % slower
	/// search); merge() takes them to one. On PostgreSQL the gram hashes
	/// are ranked by ANALYZE's statistics (PgGramPlanner), which
	/// autovacuum brings up to date within about a minute; analyze() does
	/// it at once. Used by the retention job (merge, step by step) and
	/// after a Django import (afterBulkLoad).
{
public:
	static constexpr int MERGE_PAGES = 64;
		/// Pages (FTS5's pgsz, about 4 KB) a merge step writes at most: a
		/// few milliseconds of the writer, so requests' writes go on
		/// between steps.

	static Poco::UInt64 merge(Database& database, const std::function<bool()>& afterStep);
		/// SQLite: merges each FTS5 search index step by step (FTS5's
		/// 'merge' command with -MERGE_PAGES, https://sqlite.org/fts5.html#the_merge_command)
		/// until a step finds nothing to merge, which leaves one segment,
		/// or afterStep (called after each step that did work) returns
		/// false. Returns the steps that did work. PostgreSQL: returns 0.
		/// Throws Poco::Data::DataException when a step fails.

	static void analyze(Database& database);
		/// PostgreSQL: ANALYZE users (the statistics PgGramPlanner reads
		/// again within PgGramPlanner::MAX_AGE seconds). SQLite: nothing.
		/// Throws Poco::Data::DataException on failure.

	static std::string afterBulkLoad(Database& database);
		/// Merges (SQLite, without pauses) or analyzes (PostgreSQL) and
		/// returns a line saying what was done, for the command that wrote
		/// the users. Throws what merge() and analyze() throw.
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_SearchIndexes_INCLUDED
