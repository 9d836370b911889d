//
// PersistenceSubsystem.cpp
//


#include "AuthServer/Persistence/PersistenceSubsystem.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "Poco/Util/Application.h"


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Persistence {


PersistenceSubsystem::PersistenceSubsystem() = default;


const char* PersistenceSubsystem::name() const
{
	return "AuthServer.Persistence";
}


Database& PersistenceSubsystem::database()
{
	return *_pDatabase;
}


RetentionJob& PersistenceSubsystem::retention()
{
	return *_pRetention;
}


int PersistenceSubsystem::appliedMigrations() const
{
	return _applied;
}


void PersistenceSubsystem::initialize(Poco::Util::Application& app)
{
	Core::ConfigReader reader(app.config());
	std::string connector = reader.getChoice(Keys::DATABASE_CONNECTOR);
	std::string url = reader.getRequiredString(Keys::DATABASE_URL);
	int poolSize = reader.getInt(Keys::DATABASE_POOL_SIZE, Database::defaultPoolSize(connector, static_cast<int>(Poco::Environment::processorCount())));
	int connectTimeout = reader.getInt(Keys::DATABASE_CONNECT_TIMEOUT);
	Poco::Int64 mmapSize = reader.getInt(Keys::DATABASE_SQLITE_MMAP_SIZE);
	if (connector == "sqlite" && url != ":memory:")
	{
		Poco::Path parent = Poco::Path(url).parent();
		if (!parent.toString().empty()) Poco::File(parent).createDirectories();
	}
	Poco::Timestamp started;
	for (;;)
	{
		try
		{
			_pDatabase = new Database(connector, url, poolSize, Poco::Timespan(Database::SESSION_WAIT_MS * 1000), mmapSize);
			break;
		}
		catch (Poco::Exception& exc)
		{
			if (started.elapsed() >= static_cast<Poco::Timestamp::TimeDiff>(connectTimeout) * 1000000)
				throw ConfigurationException(Keys::DATABASE_URL, "cannot open the database: " + exc.displayText());
			app.logger().warning("database not reachable yet (%s); retrying", exc.displayText());
			Poco::Thread::sleep(1000);
		}
	}
	std::string migrations = Poco::Path(reader.getRequiredString(Keys::PATHS_MIGRATIONS)).append(_pDatabase->dialectName()).toString();
	try
	{
		_applied = MigrationRunner(*_pDatabase, migrations).migrate();
	}
	catch (Poco::FileNotFoundException& exc)
	{
		throw ConfigurationException(Keys::PATHS_MIGRATIONS, exc.displayText());
	}
	if (_applied > 0) app.logger().information("applied %d database migration(s)", _applied);

	RetentionJob::Settings retention;
	retention.sessionSeconds = RetentionJob::daysToSeconds(reader.getNumber(Keys::RETENTION_SESSION_DAYS));
	retention.oneTimeTokenSeconds = RetentionJob::daysToSeconds(reader.getNumber(Keys::RETENTION_ONE_TIME_TOKEN_DAYS));
	retention.auditSeconds = RetentionJob::daysToSeconds(reader.getNumber(Keys::AUDIT_RETENTION_DAYS));
	retention.interval = reader.getInt(Keys::RETENTION_INTERVAL);
	// The same default as IdentitySettings: a session idles out after the
	// refresh token lifetime unless session.idleTimeout says otherwise.
	int refreshLifetime = reader.getInt(Keys::JWT_REFRESH_TOKEN_LIFETIME);
	retention.sessionIdleTimeout = reader.getInt(Keys::SESSION_IDLE_TIMEOUT, refreshLifetime);
	_pRetention.reset(new RetentionJob(*_pDatabase, retention));
	_pRetention->start();
	app.logger().information("retention: sessions %s s, one-time tokens %s s, audit events %s s after they end (0 keeps), every %d s",
		std::to_string(retention.sessionSeconds), std::to_string(retention.oneTimeTokenSeconds), std::to_string(retention.auditSeconds), retention.interval);
}


void PersistenceSubsystem::uninitialize()
{
	if (_pRetention) _pRetention->stop();
	_pRetention.reset();
	_pDatabase = nullptr;
}


} } // namespace AuthServer::Persistence
