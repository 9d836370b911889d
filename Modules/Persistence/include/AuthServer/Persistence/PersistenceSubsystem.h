//
// PersistenceSubsystem.h
//
// Reads the database.* keys, opens the pool and applies migrations.
//


#ifndef AuthServer_Persistence_PersistenceSubsystem_INCLUDED
#define AuthServer_Persistence_PersistenceSubsystem_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Persistence {


class PersistenceSubsystem: public Poco::Util::Subsystem
	/// Owns database.connector, database.url, database.poolSize,
	/// database.connectTimeout and paths.migrations. At initialize() it
	/// opens the pool (creating the SQLite file's folder), retrying for
	/// database.connectTimeout seconds (default 30, CONFIG.md), then
	/// applies pending migrations of Migrations/<dialect>/. Throws
	/// Core::ConfigurationException naming the key on failure.
{
public:
	PersistenceSubsystem();

	const char* name() const override;

	Database& database();
		/// Returns the database; valid after initialize().

	int appliedMigrations() const;
		/// Returns how many migrations initialize() applied.

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	Database::Ptr _pDatabase;
	int _applied = 0;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_PersistenceSubsystem_INCLUDED
