//
// MigrationRunner.cpp
//


#include "AuthServer/Persistence/MigrationRunner.h"
#include "Poco/Data/DataException.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/RegularExpression.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "AuthServer/Core/Clock.h"
#include <algorithm>
#include <memory>
#include <set>
#include <sstream>


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


MigrationRunner::MigrationRunner(Database& database, const std::string& directory):
	_database(database),
	_directory(directory)
{
}


std::vector<MigrationRunner::Migration> MigrationRunner::available() const
{
	Poco::File dir(_directory);
	if (!dir.exists() || !dir.isDirectory()) throw Poco::FileNotFoundException("migrations folder", _directory);
	static const Poco::RegularExpression NAME("^([0-9]{4})_([A-Za-z0-9_]+)\\.sql$");
	std::vector<Migration> result;
	std::set<int> versions;
	for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it)
	{
		std::string file = it.name();
		if (Poco::Path(file).getExtension() != "sql") continue;
		std::vector<std::string> groups;
		if (NAME.split(file, groups) != 3) throw Poco::DataFormatException("migration file name must be NNNN_name.sql", file);
		int version = Poco::NumberParser::parse(groups[1]);
		if (version == 0 || !versions.insert(version).second) throw Poco::DataFormatException("repeated or zero migration version", file);
		result.push_back(Migration{version, groups[2], it.path().toString()});
	}
	std::sort(result.begin(), result.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
	return result;
}


std::vector<int> MigrationRunner::applied()
{
	Poco::Data::Session session = _database.session();
	session << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", now;
	std::vector<int> versions;
	session << "SELECT version FROM schema_migrations ORDER BY version", into(versions), now;
	return versions;
}


std::vector<std::string> MigrationRunner::splitStatements(const std::string& script)
{
	std::vector<std::string> statements;
	std::istringstream in(script);
	std::string line;
	std::string current;
	while (std::getline(in, line))
	{
		std::string trimmed = Poco::trim(line);
		if (trimmed.empty() || trimmed.compare(0, 2, "--") == 0) continue;
		current += line;
		current += '\n';
		if (trimmed.back() == ';')
		{
			std::string statement = Poco::trim(current);
			statement.pop_back();
			if (!Poco::trim(statement).empty()) statements.push_back(statement);
			current.clear();
		}
	}
	if (!Poco::trim(current).empty()) statements.push_back(Poco::trim(current));
	return statements;
}


namespace
{
	const Poco::Int64 MIGRATION_LOCK_KEY = 0x4175746853727631; // "AuthSrv1": the advisory lock of MigrationRunner

	class MigrationLock
		/// On PostgreSQL, holds the session-level advisory lock
		/// MIGRATION_LOCK_KEY on a session of its own, outside the pool, while migrations run,
		/// so instances starting at the same moment apply them one after the
		/// other (the later ones find nothing pending). SQLite needs none:
		/// each migration's BEGIN IMMEDIATE already serialises writers.
	{
	public:
		explicit MigrationLock(Database& database):
			_active(database.dialect() == Database::Dialect::PostgreSQL)
		{
			if (!_active) return;
			_pSession.reset(new Poco::Data::Session(database.dedicatedSession()));
			Poco::Int64 key = MIGRATION_LOCK_KEY;
			*_pSession << database.sql("SELECT pg_advisory_lock(?)"), bind(key), now;
			_sql = database.sql("SELECT pg_advisory_unlock(?)");
		}

		~MigrationLock()
		{
			if (!_active) return;
			try
			{
				Poco::Int64 key = MIGRATION_LOCK_KEY;
				*_pSession << _sql, bind(key), now;
			}
			catch (...)
			{
				// The lock dies with the connection anyway.
			}
		}

	private:
		bool _active;
		std::unique_ptr<Poco::Data::Session> _pSession;
		std::string _sql;
	};
}


int MigrationRunner::migrate()
{
	MigrationLock lock(_database);
	std::vector<int> done = applied();
	std::set<int> doneSet(done.begin(), done.end());
	int count = 0;
	for (const Migration& migration: available())
	{
		if (doneSet.count(migration.version)) continue;
		Poco::FileInputStream in(migration.path);
		std::string script;
		Poco::StreamCopier::copyToString(in, script);

		Poco::Data::Session session = _database.session();
		Transaction transaction(_database, session);
		// Another instance may have applied it while we waited for the lock.
		int already = 0;
		session << _database.sql("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), into(already), bind(migration.version), now;
		if (already) continue;
		for (const std::string& statement: splitStatements(script))
		{
			try
			{
				session << statement, now;
			}
			catch (Poco::Exception& exc)
			{
				throw Poco::Data::DataException("migration " + Poco::Path(migration.path).getFileName() + " failed", exc.displayText());
			}
		}
		Poco::Int64 appliedAt = Core::Clock::now();
		session << _database.sql("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
			bind(migration.version), bind(migration.name), bind(appliedAt), now;
		transaction.commit();
		++count;
	}
	return count;
}


} } // namespace AuthServer::Persistence
