//
// PersistenceSubsystem.h
//
// Reads the database.* keys, opens the pool and applies migrations.
//


#ifndef AuthServer_Persistence_PersistenceSubsystem_INCLUDED
#define AuthServer_Persistence_PersistenceSubsystem_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/RetentionJob.h"
#include <memory>
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Persistence {


class PersistenceSubsystem: public Poco::Util::Subsystem
	/// Owns database.connector, database.url, database.poolSize,
	/// database.connectTimeout and paths.migrations. At initialize() it
	/// opens the pool (creating the SQLite file's folder), retrying for
	/// database.connectTimeout seconds (default 30, CONFIG.md), then
	/// applies pending migrations of Migrations/<dialect>/, then starts the
	/// RetentionJob (retention.sessionDays, retention.oneTimeTokenDays,
	/// audit.retentionDays: fractional days, 0 keeps; retention.interval:
	/// seconds). Throws Core::ConfigurationException naming the key on
	/// failure.
{
public:
	PersistenceSubsystem();

	const char* name() const override;

	Database& database();
		/// Returns the database; valid after initialize().

	int appliedMigrations() const;
		/// Returns how many migrations initialize() applied.

	RetentionJob& retention();
		/// Returns the retention job; valid after initialize().

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	Database::Ptr _pDatabase;
	std::unique_ptr<RetentionJob> _pRetention;
	int _applied = 0;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_PersistenceSubsystem_INCLUDED
