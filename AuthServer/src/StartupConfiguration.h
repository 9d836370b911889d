//
// StartupConfiguration.h
//
// Start-up adjustments of the loaded configuration: relative paths made
// absolute, and logging sent to a file when the process is a daemon.
//


#ifndef AuthServer_StartupConfiguration_INCLUDED
#define AuthServer_StartupConfiguration_INCLUDED


#include "Poco/AutoPtr.h"
#include "Poco/Util/AbstractConfiguration.h"
#include "Poco/Util/MapConfiguration.h"
#include <string>
#include <vector>


namespace AuthServer {


class StartupConfiguration
	/// Computes the values the application layers over everything else
	/// (a MapConfiguration added with the highest priority) before the
	/// subsystems read the configuration.
{
public:
	static Poco::AutoPtr<Poco::Util::MapConfiguration> resolvePaths(const Poco::Util::AbstractConfiguration& config, const std::string& baseDirectory);
		/// Returns, for every path key holding a relative path, the key with
		/// the path made absolute against baseDirectory (the working
		/// directory at start-up: CONFIG.md "Relative paths in any key are
		/// resolved against the working directory at start-up, before
		/// --daemon moves to /"). Path keys: app.dataDirectory, paths.*,
		/// database.url (sqlite only; ":memory:" and "file:" URIs kept),
		/// mail.outbox.directory, sms.outbox.file, mail.smtp.caFile,
		/// twilio.caFile, jwt.privateKeyFile, jwt.publicKeyFile, each file of
		/// jwt.previousPublicKeyFiles ([kid=]file), https.certificateFile,
		/// https.privateKeyFile, and logging.channels.NAME.path. Throws
		/// Core::ConfigurationException for a malformed
		/// jwt.previousPublicKeyFiles entry (TokensSubsystem::parseKeyFileEntry).

	static void routeLogging(const Poco::Util::AbstractConfiguration& config, bool daemon, Poco::Util::MapConfiguration& overrides);
		/// With daemon true, points every logger of logging.loggers.* whose
		/// channel writes to the console (a ConsoleChannel or
		/// ColorConsoleChannel, directly or through AsyncChannel or
		/// FormattingChannel) to logging.daemonChannel, writing the
		/// changed logging.loggers.NAME.channel into overrides; a daemon's
		/// stdout is /dev/null. Then creates the parent folder of every
		/// FileChannel path a logger writes to. Throws
		/// Core::ConfigurationException naming logging.daemonChannel when
		/// it is needed and names no channel of logging.channels, or the
		/// channel's path when its folder cannot be created.

	static std::string realDirectory(const std::string& file);
		/// Returns the folder of file with every symbolic link resolved
		/// (POSIX realpath(3)), with a trailing separator; empty when file
		/// is empty or cannot be resolved. Used on the executable's path,
		/// which POCO's application.dir leaves unresolved.

	static std::vector<std::string> pathKeys();
		/// Returns the fixed path keys resolved by resolvePaths() (without
		/// the logging channel paths, which depend on the channel names).
};


} // namespace AuthServer


#endif // AuthServer_StartupConfiguration_INCLUDED
