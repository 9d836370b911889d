//
// AuthServerApplication.h
//
// The AuthServer process: options, configuration layers, subsystems, HTTP.
//


#ifndef AuthServer_AuthServerApplication_INCLUDED
#define AuthServer_AuthServerApplication_INCLUDED


#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Http/ServerLimits.h"
#include "Poco/Util/OptionSet.h"
#include "Poco/Util/ServerApplication.h"
#include <string>
#include <vector>


namespace AuthServer {


class AuthServerApplication: public Poco::Util::ServerApplication
	/// Loads configuration in CONFIG.md's order (highest first: --define,
	/// AUTHSERVER_* environment, --config files with the later winning, the
	/// shipped Config/AuthServer.properties), then the subsystems
	/// (logging, persistence, cache, tokens, mail), builds the identity
	/// services and serves HTTP until SIGTERM/SIGINT (or the Windows
	/// service stop), finishing in-flight requests. A configuration error
	/// prints the key and exits with EXIT_CONFIG (78) before listening.
{
public:
	AuthServerApplication();
	~AuthServerApplication() override;

	using ServerApplication::run;
	int run(int argc, char** argv);
		/// Hides ServerApplication::run(argc, argv) (POCO_SERVER_MAIN calls
		/// it on this class): with --daemon the command first waits for the
		/// daemon's start-up report (DaemonStartup) and exits with its
		/// code, printing its errors; otherwise POCO's run.

protected:
	void initialize(Poco::Util::Application& self) override;
	void defineOptions(Poco::Util::OptionSet& options) override;
	void handleOption(const std::string& name, const std::string& value) override;
	int main(const std::vector<std::string>& args) override;

private:
	int runCommand(const std::vector<std::string>& args);
	void startupError(const std::string& message);
		/// Prints message on stderr and passes it to the process waiting
		/// for a daemon's start-up.

	void locateResources();
	void loadConfigurationLayers();
	int serve();
	Http::ServerLimits connectionLimits(const Core::ConfigReader& reader, std::size_t maxBody);
		/// Reads the http.* limits (http.workerThreads, http.maxQueuedRequests,
		/// http.maxConnections, http.maxConnectionsPerIp, timeouts in seconds);
		/// http.threads and http.maxQueued are accepted as old names with a
		/// warning. Throws ConfigurationException naming a key out of range.
	std::size_t raiseOpenFilesLimit();
		/// Raises the soft RLIMIT_NOFILE to the hard limit, logs it and returns
		/// the connections it leaves room for (the limit less
		/// RESERVED_DESCRIPTORS).

	static constexpr std::size_t RESERVED_DESCRIPTORS = 256;
	int createAdmin();
		/// --create-admin --email=ADDRESS [--password-file=FILE]
		/// (CONFIG.md): creates or promotes an admin in the configured
		/// database and returns an exit code, without listening. Without a
		/// file the password is read from the terminal with echo off.

	int generateKeys();
		/// --generate-keys=DIR: writes a jwt.algorithm key pair and prints the
		/// property lines; EXIT_CONFIG for HS256, EXIT_CANTCREAT when writing fails.

	int importDjango();
		/// --import-django=FILE [--import-model=app.Model] [--import-profile=app.Model]
		/// [--format=json|jsonl] [--dry-run] [--allow-skips] [--import-unverified]
		/// (Docs/DJANGO_IMPORT.md): imports the users of a dumpdata file
		/// without listening; prints the summary and one line per skip or
		/// drop. Returns EXIT_OK, 1 when users were skipped (unless
		/// --allow-skips), EXIT_DATAERR (65) for a malformed file (byte
		/// offset named), EXIT_NOINPUT when it cannot be read.

	int dropDjangoHashes();
		/// --drop-django-hashes: removes the Django password hashes left
		/// (those accounts reset or use a one-time code) and prints the count.

	bool _helpRequested = false;
	bool _versionRequested = false;
	bool _listRoutesRequested = false;
	bool _listConfigRequested = false;
	bool _migrateOnly = false;
	bool _createAdmin = false;
	std::string _adminEmail;
	std::string _adminPasswordFile;
	std::string _generateKeysDirectory;
	std::string _importDjangoFile;
	std::string _importModel = "auth.user";
	std::string _importProfile;
	std::string _importFormat = "json";
	bool _importDryRun = false;
	bool _importAllowSkips = false;
	bool _importUnverified = false;
	bool _dropDjangoHashes = false;
	bool _configError = false;
	std::vector<std::string> _configFiles;
	std::string _resourceRoot;
	std::string _startDirectory;
};


} // namespace AuthServer


#endif // AuthServer_AuthServerApplication_INCLUDED
