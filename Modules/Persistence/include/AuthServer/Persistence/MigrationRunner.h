//
// MigrationRunner.h
//
// Applies Migrations/<dialect>/NNNN_name.sql in order.
//


#ifndef AuthServer_Persistence_MigrationRunner_INCLUDED
#define AuthServer_Persistence_MigrationRunner_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Persistence {


class MigrationRunner
	/// Applies the pending migrations of a folder. Files are named
	/// NNNN_name.sql (NNNN the version, 1..9999); each pending file runs in
	/// one transaction together with its row in schema_migrations(version,
	/// name, applied_at), so a failing migration leaves nothing behind.
{
public:
	struct Migration
	{
		int version;
		std::string name;
		std::string path;
	};

	MigrationRunner(Database& database, const std::string& directory);
		/// directory is Migrations/<dialect>.

	std::vector<Migration> available() const;
		/// Returns the migration files sorted by version. Throws
		/// Poco::DataFormatException for a misnamed .sql file or a repeated
		/// version, Poco::FileNotFoundException for a missing folder.

	std::vector<int> applied();
		/// Returns the versions recorded in schema_migrations, ascending.

	int migrate();
		/// Applies every pending migration in order; returns how many ran.
		/// On PostgreSQL it holds an advisory lock (pg_advisory_lock) for
		/// the whole run, so several instances starting together migrate
		/// one at a time and none fails on a half-created table.
		/// Throws Poco::Data::DataException (the transaction rolled back)
		/// naming the file when a statement fails.

	static std::vector<std::string> splitStatements(const std::string& script);
		/// Splits a script into statements at `;` that end a line, dropping
		/// `--` comment lines and blank statements.

private:
	Database& _database;
	std::string _directory;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_MigrationRunner_INCLUDED
