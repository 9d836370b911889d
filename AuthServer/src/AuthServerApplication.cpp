//
// AuthServerApplication.cpp
//


#include "AuthServerApplication.h"
#include "AuthServer/Compat/LegacyTokenExchange.h"
#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Cache/CacheSubsystem.h"
#include "AuthServer/Delivery/DeliverySubsystem.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/ConfigReference.h"
#include "AuthServer/Core/ConfigValidator.h"
#include "AuthServer/Core/EscapingSubsystem.h"
#include "AuthServer/Core/IdleMemoryTrim.h"
#include "AuthServer/DjangoImport/DjangoImporter.h"
#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include "AuthServer/DjangoImport/ImportStore.h"
#include "AuthServer/DjangoImport/LegacyHashGauge.h"
#include "AuthServer/Http/ConnectionProblemHandler.h"
#include "AuthServer/Http/DocsAssets.h"
#include "AuthServer/Http/EnvironmentConfiguration.h"
#include "AuthServer/Http/ReactorServer.h"
#include "AuthServer/Http/RequestHandlerFactory.h"
#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Http/ServerContext.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Mail/MailSubsystem.h"
#include "AuthServer/Persistence/PersistenceSubsystem.h"
#include "AuthServer/Persistence/SearchIndexes.h"
#include "AuthServer/SecondFactor/SecondFactorModule.h"
#include "AuthServer/Sms/SmsSubsystem.h"
#include "AuthServer/Tokens/SigningKey.h"
#include "AuthServer/Tokens/TokensSubsystem.h"
#include "DaemonStartup.h"
#include "HttpsContext.h"
#include "StartupConfiguration.h"
#include "Poco/Crypto/Crypto.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Format.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include "Poco/Util/HelpFormatter.h"
#include "Poco/Util/LoggingSubsystem.h"
#include "Poco/Util/MapConfiguration.h"
#include "Poco/Util/Option.h"
#include "Poco/FileStream.h"
#include <algorithm>
#include <iostream>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>


using AuthServer::Core::ConfigurationException;
using Poco::Util::Option;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {


namespace
{
	constexpr int PRIO_SHIPPED = 60;
	constexpr int PRIO_COMPUTED = 70;
	constexpr int PRIO_CONFIG_FILES = 50;   // 50, 49, 48, ... later files win
	constexpr int PRIO_ENVIRONMENT = -50;   // --define lives at PRIO_APPLICATION (-100)
	constexpr int PRIO_RESOLVED = -200;     // absolute paths and daemon logging, computed from all the above
	const char* VERSION = "0.1.0";
}


AuthServerApplication::AuthServerApplication()
{
	setUnixOptions(true);
	// Before --daemon changes to / (POCO ServerApplication::run), so
	// relative paths keep meaning the folder the server was started in.
	_startDirectory = Poco::Path::current();
	// POCO Crypto must be initialised once for the process (Poco/Crypto/
	// Crypto.h): without it the library's reference count drops to zero
	// between uses and tears down OpenSSL's locks under concurrent use.
	Poco::Crypto::initializeCrypto();
}


AuthServerApplication::~AuthServerApplication()
{
	Poco::Crypto::uninitializeCrypto();
}


int AuthServerApplication::run(int argc, char** argv)
{
	int exitCode = 0;
	if (DaemonStartup::waitInParent(argc, argv, exitCode)) return exitCode;
	return ServerApplication::run(argc, argv);
}


void AuthServerApplication::startupError(const std::string& message)
{
	std::cerr << message << std::endl;
	DaemonStartup::reportError(message);
}


void AuthServerApplication::defineOptions(Poco::Util::OptionSet& options)
{
	ServerApplication::defineOptions(options);
	options.addOption(Option("help", "h", "Print every option and exit.").required(false).repeatable(false));
	options.addOption(Option("version", "", "Print the version and exit.").required(false).repeatable(false));
	options.addOption(Option("config", "c", "Layer a .properties or .xml FILE over the shipped defaults (repeatable, later wins).")
		.required(false).repeatable(true).argument("FILE"));
	options.addOption(Option("define", "D", "Override KEY with VALUE (repeatable; highest priority).")
		.required(false).repeatable(true).argument("KEY=VALUE"));
	options.addOption(Option("migrate-only", "", "Apply pending database migrations and exit.").required(false).repeatable(false));
	options.addOption(Option("create-admin", "", "Create an admin (or promote the account of --email) in the configured database and exit.").required(false).repeatable(false));
	options.addOption(Option("email", "", "The admin's email address (with --create-admin).").required(false).repeatable(false).argument("ADDRESS"));
	options.addOption(Option("password-file", "", "Read the admin's password from the first line of FILE (with --create-admin; else prompt).")
		.required(false).repeatable(false).argument("FILE"));
	options.addOption(Option("list-config", "", "Print the configuration reference (every key: type, default, range, meaning; Markdown, as Docs/CONFIGURATION.md) and exit.").required(false).repeatable(false));
	options.addOption(Option("list-routes", "", "Print every served route as 'METHOD PATTERN' (one a line, route table order) and exit.").required(false).repeatable(false));
	options.addOption(Option("import-django", "", "Import the users of a Django `manage.py dumpdata` FILE into the configured database and exit (Docs/DJANGO_IMPORT.md).")
		.required(false).repeatable(false).argument("FILE"));
	options.addOption(Option("import-model", "", "The user model of the dump (with --import-django; default auth.user).").required(false).repeatable(false).argument("app.Model"));
	options.addOption(Option("import-profile", "", "A one-to-one profile model whose objects fill empty fields of their user (with --import-django).").required(false).repeatable(false).argument("app.Model"));
	options.addOption(Option("format", "", "The dump's format: json (default) or jsonl (with --import-django).").required(false).repeatable(false).argument("json|jsonl"));
	options.addOption(Option("dry-run", "", "Report what --import-django would do; write nothing.").required(false).repeatable(false));
	options.addOption(Option("allow-skips", "", "Exit 0 from --import-django even when users were skipped.").required(false).repeatable(false));
	options.addOption(Option("import-unverified", "", "Import users without a verification flag as unverified (default: verified when active).").required(false).repeatable(false));
	options.addOption(Option("drop-django-hashes", "", "Remove the imported Django password hashes left (those accounts reset), print the count and exit.").required(false).repeatable(false));
	options.addOption(Option("generate-keys", "", "Write a new jwt.algorithm (RS256 or ES256) key pair into DIR (private.pem mode 0600, public.pem), print the properties to use and exit.")
		.required(false).repeatable(false).argument("DIR"));
}


void AuthServerApplication::handleOption(const std::string& name, const std::string& value)
{
	if (name == "pidfile")
	{
		// POCO writes the file now and deletes it by name at exit, after
		// --daemon moved to /: the name must be absolute.
		ServerApplication::handleOption(name, Poco::Path(_startDirectory).resolve(Poco::Path(value)).toString());
		return;
	}
	ServerApplication::handleOption(name, value);
	if (name == "help")
	{
		_helpRequested = true;
		stopOptionsProcessing();
	}
	else if (name == "version")
	{
		_versionRequested = true;
		stopOptionsProcessing();
	}
	else if (name == "list-routes")
	{
		_listRoutesRequested = true;
		stopOptionsProcessing();
	}
	else if (name == "list-config")
	{
		_listConfigRequested = true;
		stopOptionsProcessing();
	}
	else if (name == "config")
	{
		_configFiles.push_back(Poco::Path(_startDirectory).resolve(Poco::Path(value)).toString());
	}
	else if (name == "define")
	{
		std::size_t eq = value.find('=');
		if (eq == std::string::npos || eq == 0)
		{
			std::cerr << "--define expects KEY=VALUE, got '" << value << "'" << std::endl;
			_configError = true;
			stopOptionsProcessing();
			return;
		}
		config().setString(value.substr(0, eq), value.substr(eq + 1));
	}
	else if (name == "migrate-only")
	{
		_migrateOnly = true;
	}
	else if (name == "create-admin")
	{
		_createAdmin = true;
	}
	else if (name == "email")
	{
		_adminEmail = value;
	}
	else if (name == "password-file")
	{
		_adminPasswordFile = value;
	}
	else if (name == "generate-keys")
	{
		_generateKeysDirectory = value;
	}
	else if (name == "import-django")
	{
		_importDjangoFile = Poco::Path(_startDirectory).resolve(Poco::Path(value)).toString();
	}
	else if (name == "import-model")
	{
		_importModel = value;
	}
	else if (name == "import-profile")
	{
		_importProfile = value;
	}
	else if (name == "format")
	{
		_importFormat = value;
	}
	else if (name == "dry-run")
	{
		_importDryRun = true;
	}
	else if (name == "allow-skips")
	{
		_importAllowSkips = true;
	}
	else if (name == "import-unverified")
	{
		_importUnverified = true;
	}
	else if (name == "drop-django-hashes")
	{
		_dropDjangoHashes = true;
	}
}


void AuthServerApplication::locateResources()
{
	// The folder holding Config/, Templates/ and Migrations/: the source
	// tree when run from build/bin, an installed prefix (<prefix>/bin beside
	// <prefix>/share/authserver), else the working folder or /usr/share.
	// The executable's folder counts both as POCO reports it
	// (application.dir) and with symbolic links resolved, so a link such as
	// /usr/local/bin/authserver -> .../build/bin/authserver, started from
	// any folder, still finds the tree the binary belongs to.
	std::vector<Poco::Path> exeDirs{Poco::Path::forDirectory(config().getString("application.dir", "./"))};
	std::string realDir = StartupConfiguration::realDirectory(config().getString("application.path", ""));
	if (!realDir.empty() && Poco::Path::forDirectory(realDir).toString() != exeDirs.front().toString())
		exeDirs.push_back(Poco::Path::forDirectory(realDir));
	std::vector<Poco::Path> candidates;
	if (const char* home = std::getenv("AUTHSERVER_HOME")) candidates.emplace_back(Poco::Path::forDirectory(home));
	for (const Poco::Path& exeDir: exeDirs)
	{
		candidates.push_back(Poco::Path(exeDir).makeParent().makeParent());
		candidates.push_back(Poco::Path(exeDir).makeParent());
		candidates.push_back(Poco::Path(exeDir).makeParent().append("share/authserver/"));
	}
	candidates.push_back(Poco::Path::forDirectory(_startDirectory));
	candidates.push_back(Poco::Path::forDirectory("/usr/share/authserver"));
	for (const Poco::Path& candidate: candidates)
	{
		if (Poco::File(Poco::Path(candidate).append("Config/AuthServer.properties")).exists())
		{
			_resourceRoot = candidate.toString();
			break;
		}
	}
	Poco::AutoPtr<Poco::Util::MapConfiguration> computed(new Poco::Util::MapConfiguration);
	// What the build generates (build/share: docs/, common-passwords.txt)
	// sits beside bin/ in a build tree; an install copies it into the
	// resource root.
	std::vector<Poco::Path> generated;
	for (const Poco::Path& exeDir: exeDirs) generated.push_back(Poco::Path(exeDir).makeParent().append("share/"));
	if (!_resourceRoot.empty())
	{
		computed->setString(Keys::PATHS_TEMPLATES, Poco::Path(_resourceRoot).append("Templates").toString());
		computed->setString(Keys::PATHS_MIGRATIONS, Poco::Path(_resourceRoot).append("Migrations").toString());
		generated.push_back(Poco::Path::forDirectory(_resourceRoot));
	}
	generated.push_back(Poco::Path::forDirectory("/usr/share/authserver"));
	for (const Poco::Path& share: generated)
	{
		Poco::Path docs(share);
		docs.pushDirectory("docs");
		if (Poco::File(Poco::Path(docs, "openapi.json")).exists())
		{
			computed->setString(Keys::PATHS_DOCS, docs.toString());
			break;
		}
	}
	for (const Poco::Path& share: generated)
	{
		Poco::Path list(share, "common-passwords.txt");
		if (Poco::File(list).exists())
		{
			computed->setString(Keys::PATHS_COMMON_PASSWORDS, list.toString());
			break;
		}
	}
	config().add(computed, PRIO_COMPUTED);
}


void AuthServerApplication::loadConfigurationLayers()
{
	locateResources();
	if (!_resourceRoot.empty())
		loadConfiguration(Poco::Path(_resourceRoot).append("Config/AuthServer.properties").toString(), PRIO_SHIPPED);
#if defined(POCO_OS_FAMILY_WINDOWS)
	// POCO's /registerService records only the program, not its arguments:
	// a service starts without --config, so a site file next to the program
	// stands in for it (README "Running as a daemon or service").
	if (_configFiles.empty())
	{
		Poco::Path site(Poco::Path::forDirectory(config().getString("application.dir", ".\\")), "authserver.properties");
		if (Poco::File(site).exists()) _configFiles.push_back(site.toString());
	}
#endif
	int priority = PRIO_CONFIG_FILES;
	for (const std::string& file: _configFiles)
	{
		if (!Poco::File(file).exists()) throw ConfigurationException("--config", file + " does not exist");
		try
		{
			loadConfiguration(file, priority--);
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException("--config", file + ": " + exc.displayText());
		}
	}
	std::vector<std::string> known = Keys::all();
	std::vector<std::string> unknown;
	Poco::AutoPtr<Poco::Util::MapConfiguration> environment = Http::EnvironmentConfiguration::fromEnvironment(known, Http::EnvironmentConfiguration::processEnvironment(), unknown);
	config().add(environment, PRIO_ENVIRONMENT);
	for (const std::string& name: unknown)
		if (name != "AUTHSERVER_HOME") std::cerr << "warning: environment variable " << name << " matches no configuration key" << std::endl;

	Poco::AutoPtr<Poco::Util::MapConfiguration> resolved = StartupConfiguration::resolvePaths(config(), _startDirectory);
	config().add(resolved, PRIO_RESOLVED);
	Core::ConfigValidator::validate(config());
	StartupConfiguration::routeLogging(config(), config().getBool("application.runAsDaemon", false), *resolved);
}


void AuthServerApplication::initialize(Poco::Util::Application& self)
{
	if (_helpRequested || _versionRequested || _listRoutesRequested || _listConfigRequested || _configError) return;
	try
	{
		loadConfigurationLayers();
	}
	catch (ConfigurationException& exc)
	{
		startupError("configuration error: " + exc.message());
		_configError = true;
		return;
	}
	if (!_generateKeysDirectory.empty()) return; // no subsystem: nothing is opened or listened on
	// Before any worker thread: two malloc arenas per core (glibc's eight
	// kept tens of MiB of free chunks after a burst; IdleMemoryTrim). Only
	// glibc's malloc reads it: a build without jemalloc (AUTHSERVER_JEMALLOC).
	Core::IdleMemoryTrim::limitArenas(2 * static_cast<int>(Poco::Environment::processorCount()));
	addSubsystem(new Poco::Util::LoggingSubsystem);
	addSubsystem(new Core::EscapingSubsystem); // after logging.*: every logger escapes (ASVS 7.3.1)
	addSubsystem(new Persistence::PersistenceSubsystem);
	// --import-django and --drop-django-hashes need only the database.
	if (!_migrateOnly && _importDjangoFile.empty() && !_dropDjangoHashes)
	{
		addSubsystem(new Cache::CacheSubsystem);
		addSubsystem(new Tokens::TokensSubsystem);
		addSubsystem(new Mail::MailSubsystem);
		addSubsystem(new Sms::SmsSubsystem);
		addSubsystem(new Delivery::DeliverySubsystem);
	}
	try
	{
		ServerApplication::initialize(self);
	}
	catch (ConfigurationException& exc)
	{
		startupError("configuration error: " + exc.message());
		_configError = true;
	}
	catch (Poco::Exception& exc)
	{
		startupError("start-up failed: " + exc.displayText());
		_configError = true;
	}
}


int AuthServerApplication::main(const std::vector<std::string>& args)
{
	int exitCode = runCommand(args);
	DaemonStartup::reportFinished(exitCode);
	return exitCode;
}


int AuthServerApplication::runCommand(const std::vector<std::string>&)
{
	if (_helpRequested)
	{
		Poco::Util::HelpFormatter help(options());
		help.setCommand(commandName());
		help.setUsage("[OPTIONS]");
		help.setHeader("AuthServer: an authentication server (REST API, JWT, Argon2id). Keys and files: see README.md.");
		help.format(std::cout);
		return EXIT_OK;
	}
	if (_listConfigRequested)
	{
		// The key table only: no configured value (no secret) is printed.
		Core::ConfigReference::write(std::cout);
		return EXIT_OK;
	}
	if (_listRoutesRequested)
	{
		// For CI: the OpenAPI check compares this list with the document.
		// With --define=compat.profiles=... before it: those profiles too.
		std::vector<Http::Route> listed;
		try
		{
			listed = Http::RouteTable::withProfiles(Compat::Profiles::parseList(config().getString(Keys::COMPAT_PROFILES, "")));
		}
		catch (ConfigurationException& exc)
		{
			startupError("configuration error: " + exc.message());
			return EXIT_CONFIG;
		}
		for (const Http::Route& route: listed)
			std::cout << route.method << " " << route.pattern << "\n";
		std::cout.flush();
		return EXIT_OK;
	}
	if (_versionRequested)
	{
		std::cout << "authserver " << VERSION << std::endl;
		return EXIT_OK;
	}
	if (_configError) return EXIT_CONFIG;
	if (!_generateKeysDirectory.empty()) return generateKeys();
	if (!_importDjangoFile.empty()) return importDjango();
	if (_dropDjangoHashes) return dropDjangoHashes();
	if (_migrateOnly)
	{
		logger().information("migrations applied: %d", getSubsystem<Persistence::PersistenceSubsystem>().appliedMigrations());
		return EXIT_OK;
	}
	try
	{
		if (_createAdmin) return createAdmin();
		return serve();
	}
	catch (ConfigurationException& exc)
	{
		startupError("configuration error: " + exc.message());
		return EXIT_CONFIG;
	}
	catch (Poco::Exception& exc)
	{
		startupError("start-up failed: " + exc.displayText());
		return EXIT_SOFTWARE;
	}
}


namespace
{
	std::string readPasswordFromTerminal()
		/// Reads one line from stdin with terminal echo off (when stdin is a
		/// terminal), so the password is neither shown nor kept in shell
		/// history.
	{
		std::cerr << "Password: " << std::flush;
		termios saved{};
		bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
		if (tty)
		{
			termios quiet = saved;
			quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
			tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
		}
		std::string line;
		std::getline(std::cin, line);
		if (tty)
		{
			tcsetattr(STDIN_FILENO, TCSANOW, &saved);
			std::cerr << std::endl;
		}
		if (!line.empty() && line.back() == '\r') line.pop_back();
		return line;
	}
}


int AuthServerApplication::importDjango()
{
	DjangoImport::DjangoImporter::Options options;
	options.userModel = _importModel;
	options.profileModel = _importProfile;
	options.dryRun = _importDryRun;
	options.importUnverified = _importUnverified;
	if (_importFormat == "jsonl") options.format = DjangoImport::DumpReader::Format::JsonLines;
	else if (_importFormat != "json")
	{
		std::cerr << "--format expects json or jsonl, got '" << _importFormat << "'" << std::endl;
		return EXIT_USAGE;
	}
	Persistence::Database& database = getSubsystem<Persistence::PersistenceSubsystem>().database();
	std::unique_ptr<Identity::PhoneNumbers> pPhones;
	try
	{
		pPhones.reset(new Identity::PhoneNumbers(Poco::trim(config().getString(Keys::PHONE_DEFAULT_REGION, ""))));
	}
	catch (Poco::InvalidArgumentException& exc)
	{
		startupError("configuration error: " + std::string(Keys::PHONE_DEFAULT_REGION) + ": " + exc.displayText());
		return EXIT_CONFIG;
	}
	DjangoImport::ImportSummary summary;
	try
	{
		summary = DjangoImport::DjangoImporter(database, *pPhones, options).run(_importDjangoFile);
	}
	catch (DjangoImport::MalformedDumpException& exc)
	{
		std::cerr << _importDjangoFile << ": " << exc.message() << std::endl;
		return EXIT_DATAERR;
	}
	catch (Poco::FileException& exc)
	{
		std::cerr << "cannot read " << _importDjangoFile << ": " << exc.displayText() << std::endl;
		return EXIT_NOINPUT;
	}
	catch (Poco::IOException& exc)
	{
		std::cerr << "cannot read " << _importDjangoFile << ": " << exc.displayText() << std::endl;
		return EXIT_NOINPUT;
	}
	std::cout << summary.countsLine() << (_importDryRun ? " (dry run: nothing written)" : "") << "\n";
	for (const std::string& line: summary.lines) std::cout << line << "\n";
	std::cout.flush();
	if (!_importDryRun && summary.imported + summary.updated > 0)
	{
		// Many users at once: the admin search's indexes made ready now
		// rather than at the next retention run (SQLite) or autovacuum
		// (PostgreSQL); the import itself has succeeded either way.
		try
		{
			std::cerr << Persistence::SearchIndexes::afterBulkLoad(database) << std::endl;
		}
		catch (Poco::Exception& exc)
		{
			std::cerr << "search index upkeep after the import failed (the retention job or autovacuum will do it): " << exc.displayText() << std::endl;
		}
	}
	if (summary.ignored) std::cerr << summary.ignored << " objects of other models ignored" << std::endl;
	return summary.skipped && !_importAllowSkips ? 1 : EXIT_OK;
}


int AuthServerApplication::dropDjangoHashes()
{
	Persistence::Database& database = getSubsystem<Persistence::PersistenceSubsystem>().database();
	Poco::Int64 count = DjangoImport::ImportStore(database).dropLegacyHashes();
	std::cout << count << std::endl;
	return EXIT_OK;
}


int AuthServerApplication::createAdmin()
{
	if (_adminEmail.empty())
	{
		std::cerr << "--create-admin needs --email=ADDRESS" << std::endl;
		return EXIT_USAGE;
	}
	std::string password;
	if (!_adminPasswordFile.empty())
	{
		try
		{
			Poco::FileInputStream in(_adminPasswordFile);
			std::getline(in, password);
			if (!password.empty() && password.back() == '\r') password.pop_back();
		}
		catch (Poco::Exception& exc)
		{
			std::cerr << "cannot read --password-file: " << exc.displayText() << std::endl;
			return EXIT_NOINPUT;
		}
	}
	else
	{
		password = readPasswordFromTerminal();
	}
	Identity::IdentitySettings settings = Identity::IdentitySettings::fromConfig(config());
	Persistence::Database& database = getSubsystem<Persistence::PersistenceSubsystem>().database();
	Cache::Cache& cache = getSubsystem<Cache::CacheSubsystem>().cache();
	Tokens::TokenService& tokens = getSubsystem<Tokens::TokensSubsystem>().tokenService();
	Mail::Mailer& mailer = getSubsystem<Mail::MailSubsystem>().mailer();
	Sms::SmsTransport& sms = getSubsystem<Delivery::DeliverySubsystem>().smsTransport();
	Identity::IdentityModule identity(database, cache, tokens, mailer, sms, settings);
	Identity::RequestContext context;
	context.ip = "local";
	context.userAgent = "authserver --create-admin";
	try
	{
		Identity::Account admin = identity.admin().createAdmin(_adminEmail, password, context);
		std::cout << "admin " << *admin.email << " (id " << admin.id << ") ready" << std::endl;
		return EXIT_OK;
	}
	catch (Core::ValidationException& exc)
	{
		for (const auto& field: exc.errors())
			for (const std::string& message: field.second)
				std::cerr << field.first << ": " << message << std::endl;
		return EXIT_DATAERR;
	}
}


int AuthServerApplication::generateKeys()
{
	std::string algorithm = Poco::trim(Core::ConfigReader(config()).getString(Keys::JWT_ALGORITHM));
	if (algorithm != "RS256" && algorithm != "ES256")
	{
		std::cerr << "configuration error: " << Keys::JWT_ALGORITHM << ": --generate-keys needs RS256 or ES256 (--define=jwt.algorithm=RS256), got '" << algorithm << "'" << std::endl;
		return EXIT_CONFIG;
	}
	Poco::Path directory = Poco::Path::forDirectory(_generateKeysDirectory).makeAbsolute();
	try
	{
		Tokens::SigningKey::generate(algorithm, directory.toString());
		std::string privateFile = Poco::Path(directory, "private.pem").toString();
		std::string publicFile = Poco::Path(directory, "public.pem").toString();
		Tokens::SigningKey::Ptr pKey = Tokens::SigningKey::loadPrivate(algorithm, privateFile);
		std::cout << "# " << algorithm << " key pair written to " << directory.toString() << " (private.pem is mode 0600)\n"
			<< "# kid (RFC 7638 thumbprint): " << pKey->keyId() << "\n"
			<< Keys::JWT_ALGORITHM << " = " << algorithm << "\n"
			<< Keys::JWT_PRIVATE_KEY_FILE << " = " << privateFile << "\n"
			<< Keys::JWT_PUBLIC_KEY_FILE << " = " << publicFile << std::endl;
		return EXIT_OK;
	}
	catch (Poco::Exception& exc)
	{
		std::cerr << "--generate-keys: " << exc.displayText() << std::endl;
		return EXIT_CANTCREAT;
	}
}


Http::ServerLimits AuthServerApplication::connectionLimits(const Core::ConfigReader& reader, std::size_t maxBody)
{
	// A renamed key stays accepted under its old name, with a warning.
	auto renamed = [&](const char* key, const char* oldKey)
	{
		if (config().has(oldKey))
		{
			if (config().has(key))
			{
				logger().warning("%s is the old name of %s, which is also set: %s is ignored", std::string(oldKey), std::string(key), std::string(oldKey));
				return reader.getInt(key);
			}
			logger().warning("%s is the old name of %s; rename it", std::string(oldKey), std::string(key));
			return reader.getInt(oldKey);
		}
		return reader.getInt(key);
	};
	Http::ServerLimits limits;
	limits.workerThreads = static_cast<std::size_t>(renamed(Keys::HTTP_WORKER_THREADS, Keys::HTTP_THREADS));
	limits.maxQueuedRequests = static_cast<std::size_t>(renamed(Keys::HTTP_MAX_QUEUED_REQUESTS, Keys::HTTP_MAX_QUEUED));
	limits.maxConnections = static_cast<std::size_t>(reader.getInt(Keys::HTTP_MAX_CONNECTIONS));
	limits.maxConnectionsPerIp = static_cast<std::size_t>(reader.getInt(Keys::HTTP_MAX_CONNECTIONS_PER_IP));
	limits.requestHeaderTimeoutMs = 1000L * reader.getInt(Keys::HTTP_REQUEST_HEADER_TIMEOUT);
	limits.requestBodyTimeoutMs = 1000L * reader.getInt(Keys::HTTP_REQUEST_BODY_TIMEOUT);
	limits.keepAliveTimeoutMs = 1000L * reader.getInt(Keys::HTTP_KEEP_ALIVE_TIMEOUT);
	limits.sendTimeoutMs = limits.requestBodyTimeoutMs;
	limits.idleMemoryTrimMs = 1000L * reader.getInt(Keys::HTTP_IDLE_MEMORY_TRIM);
	limits.maxRequestBody = maxBody;
	return limits;
}


std::size_t AuthServerApplication::raiseOpenFilesLimit()
{
	// As Go's runtime does: the soft limit up to the hard one, so the
	// server can hold as many connections as the administrator allows.
	struct rlimit limit;
	if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
	rlim_t wanted = limit.rlim_max == RLIM_INFINITY ? static_cast<rlim_t>(1048576) : limit.rlim_max;
	if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted)
	{
		struct rlimit raised = limit;
		raised.rlim_cur = wanted;
		if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
		else logger().warning("cannot raise the open-files limit from %lu to %lu", static_cast<unsigned long>(limit.rlim_cur), static_cast<unsigned long>(wanted));
	}
	std::size_t files = limit.rlim_cur == RLIM_INFINITY ? 1048576 : static_cast<std::size_t>(limit.rlim_cur);
	std::size_t capacity = files > RESERVED_DESCRIPTORS ? files - RESERVED_DESCRIPTORS : 0;
	logger().information("open-files limit %z: room for %z connections (%z descriptors kept for listeners, files and back ends)", files, capacity, RESERVED_DESCRIPTORS);
	return capacity;
}


int AuthServerApplication::serve()
{
	Core::ConfigReader reader(config());
	Identity::IdentitySettings settings = Identity::IdentitySettings::fromConfig(config());
	Persistence::Database& database = getSubsystem<Persistence::PersistenceSubsystem>().database();
	Cache::Cache& cache = getSubsystem<Cache::CacheSubsystem>().cache();
	Tokens::TokenService& tokens = getSubsystem<Tokens::TokensSubsystem>().tokenService();
	Mail::Mailer& mailer = getSubsystem<Mail::MailSubsystem>().mailer();
	Sms::SmsTransport& sms = getSubsystem<Delivery::DeliverySubsystem>().smsTransport();
	// Accounts imported from Django log in with their old hashes, which a
	// successful login replaces by Argon2id (Docs/DJANGO_IMPORT.md); it
	// outlives the module whose hashing pool calls it.
	DjangoImport::DjangoPasswordVerifier djangoHashes;
	DjangoImport::LegacyHashGauge legacyHashes(database, 10);
	std::unique_ptr<Identity::IdentityModule> pIdentity;
	try
	{
		pIdentity.reset(new Identity::IdentityModule(database, cache, tokens, mailer, sms, settings));
	}
	catch (Poco::FileNotFoundException& exc)
	{
		throw ConfigurationException(Keys::PATHS_COMMON_PASSWORDS, exc.displayText());
	}
	catch (Poco::InvalidArgumentException& exc)
	{
		throw ConfigurationException(Keys::PHONE_DEFAULT_REGION, exc.displayText());
	}
	pIdentity->passwords().setLegacyVerifier(&djangoHashes);
	// COMPAT.md "Timing": while Django hashes are left, every password check
	// lasts as long as the slowest cost class stored (timed here, and when a
	// login meets a new one), so logins tell neither the account nor its hash.
	{
		std::vector<std::string> samples = DjangoImport::ImportStore(database).legacyHashSamples(djangoHashes);
		if (!samples.empty())
		{
			Poco::Timestamp start;
			pIdentity->passwords().calibrate(samples);
			logger().information(Poco::format("password checks padded to the slowest of %z Django hash classes (timed in %.2f s)",
				samples.size(), static_cast<double>(start.elapsed()) / 1e6));
		}
		pIdentity->passwords().timing().setCounter([&legacyHashes] { return legacyHashes.value(); }, 10);
	}
	SecondFactor::SecondFactorSettings secondFactorSettings = SecondFactor::SecondFactorSettings::fromConfig(config());
	if (secondFactorSettings.encryptionKey.empty())
		logger().warning("mfa.encryptionKey is not set: authenticator apps (TOTP) are off; their routes answer 503");
	SecondFactor::SecondFactorModule secondFactor(database, cache, mailer, *pIdentity, secondFactorSettings);

	std::vector<Poco::Net::IPAddress> proxies;
	for (const std::string& proxy: reader.getList(Keys::HTTP_TRUSTED_PROXIES))
	{
		Poco::Net::IPAddress address;
		if (!Poco::Net::IPAddress::tryParse(proxy, address)) throw ConfigurationException(Keys::HTTP_TRUSTED_PROXIES, "'" + proxy + "' is not an IP address");
		proxies.push_back(address);
	}
	std::size_t maxBody = static_cast<std::size_t>(reader.getInt(Keys::HTTP_MAX_REQUEST_BODY));
	// Docs/COMPAT.md: the profiles' rows join the one route table (an
	// unknown name or two profiles on one route: exit 78 naming the key).
	std::vector<std::string> profiles = Compat::Profiles::parseList(reader.getString(Keys::COMPAT_PROFILES));
	const std::vector<Http::Route> servedRoutes = Http::RouteTable::withProfiles(profiles);
	Http::ServerContext context(*pIdentity, database, cache, tokens, maxBody, proxies, servedRoutes);
	std::unique_ptr<Compat::LegacyTokenExchange> pLegacyExchange;
	std::string legacyKey = reader.getString(Keys::COMPAT_LEGACY_SIGNING_KEY);
	if (!legacyKey.empty())
	{
		pLegacyExchange.reset(new Compat::LegacyTokenExchange(*pIdentity, database, legacyKey));
		context.setLegacyExchange(pLegacyExchange.get());
	}
	legacyKey.assign(legacyKey.size(), '\0');
	// Docs/COMPAT.md "phone": its clients never refresh, so their access
	// tokens live longer, never past a session's absolute end (checked
	// while that profile is on: the key's default must not stop a server
	// with short sessions that serves no phone client).
	int phoneAccess = reader.getInt(Keys::COMPAT_PHONE_ACCESS_TOKEN_LIFETIME);
	bool phoneOn = std::find(profiles.begin(), profiles.end(), "phone") != profiles.end();
	if (phoneOn && phoneAccess > reader.getInt(Keys::SESSION_ABSOLUTE_LIFETIME))
		throw ConfigurationException(Keys::COMPAT_PHONE_ACCESS_TOKEN_LIFETIME, "is longer than session.absoluteLifetime");
	context.setPhoneAccessLifetime(phoneAccess);
	context.setCors(Http::CorsPolicy::fromConfig(config()));
	context.setSecondFactor(&secondFactor.service());
	// Read once here: requests for /api/openapi.json and /api/docs touch no file.
	std::string docs = Poco::trim(reader.getString(Keys::PATHS_DOCS));
	if (docs.empty()) throw ConfigurationException(Keys::PATHS_DOCS, "not set, and neither build/share/docs nor /usr/share/authserver/docs holds openapi.json");
	try
	{
		Http::DocsAssets assets = Http::DocsAssets::load(docs);
		assets.keepProfiles(profiles);
		context.setDocs(std::move(assets));
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(Keys::PATHS_DOCS, exc.displayText() + " (the build gathers the API document and Swagger UI into build/share/docs)");
	}
	// The hosted verify/reset pages: at /account/... always, and where the
	// links in mails point when no front end is configured.
	try
	{
		context.setAccountPages(Http::AccountPages::load(reader.getRequiredString(Keys::PATHS_TEMPLATES),
			reader.getString(Keys::APP_FRONTEND_URL), reader.getString(Keys::APP_NAME)));
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(Keys::PATHS_TEMPLATES, exc.displayText());
	}

	std::string host = reader.getString(Keys::HTTP_HOST);
	int port = reader.getInt(Keys::HTTP_PORT);
	Http::ServerLimits limits = connectionLimits(reader, maxBody);
	bool https = reader.getBool(Keys::HTTPS_ENABLED);
	std::size_t capacity = raiseOpenFilesLimit();
	logger().information("memory allocator: %s", Core::IdleMemoryTrim::allocator());
	if (limits.maxConnections > capacity)
		throw ConfigurationException(Keys::HTTP_MAX_CONNECTIONS, std::to_string(limits.maxConnections) + " is more than the open-files limit allows (" + std::to_string(capacity)
			+ " connections; raise LimitNOFILE / ulimit -n, or lower " + Keys::HTTP_MAX_CONNECTIONS + ")");

	Poco::Net::IPAddress listenAddress;
	if (!Poco::Net::IPAddress::tryParse(host, listenAddress)) throw ConfigurationException(Keys::HTTP_HOST, "'" + host + "' is not an IP address");
	Poco::Net::Context::Ptr pTls;
	if (https) pTls = HttpsContext::create(reader);
	Poco::Net::ServerSocket socket;
	try
	{
		socket.bind(Poco::Net::SocketAddress(listenAddress, static_cast<Poco::UInt16>(port)), true);
		socket.listen(1024);
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(Keys::HTTP_PORT, "cannot listen on " + host + ":" + std::to_string(port) + ": " + exc.displayText());
	}

	// OWASP ASVS 14.3 / issue 17 finding 2: the metrics (counts of mails
	// and SMS sent, ...) are served on their own, loopback by default,
	// listener; on the API listener only with metrics.public=true.
	std::string metricsHost = reader.getString(Keys::METRICS_HOST);
	int metricsPort = reader.getInt(Keys::METRICS_PORT);
	bool metricsPublic = reader.getBool(Keys::METRICS_PUBLIC);
	Poco::Net::IPAddress metricsAddress;
	if (!Poco::Net::IPAddress::tryParse(metricsHost, metricsAddress)) throw ConfigurationException(Keys::METRICS_HOST, "'" + metricsHost + "' is not an IP address");
	Poco::Net::ServerSocket metricsSocket;
	try
	{
		metricsSocket.bind(Poco::Net::SocketAddress(metricsAddress, static_cast<Poco::UInt16>(metricsPort)), true);
		metricsSocket.listen(64);
	}
	catch (Poco::Exception& exc)
	{
		throw ConfigurationException(Keys::METRICS_PORT, "cannot listen on " + metricsHost + ":" + std::to_string(metricsPort) + ": " + exc.displayText());
	}
	std::vector<Http::Route> apiRoutes;
	std::vector<Http::Route> metricsRoutes;
	for (const Http::Route& route: servedRoutes)
	{
		bool metricsRoute = route.pattern == "/metrics";
		if (metricsRoute) metricsRoutes.push_back(route);
		if (!metricsRoute || metricsPublic) apiRoutes.push_back(route);
	}

	Http::ReactorServer reactor(limits);
	reactor.setTrustedProxies(proxies);
	// Expired in-process cache entries (a refresh's grace entry lives
	// jwt.refreshReuseInterval + 5 s) are freed before the idle trim.
	Cache::Cache& idleCache = context.cache();
	reactor.setIdleWork([&idleCache]
	{
		try
		{
			idleCache.sweepExpired();
		}
		catch (...)
		{
		}
	});
	reactor.setProblemHandlerFactory([&context](int status, const std::string& code, const std::string& detail)
	{
		return new Http::ConnectionProblemHandler(context, status, code, detail);
	});
	// HTTPS runs on the same reactor: TLS through OpenSSL memory BIOs with
	// HttpsContext's settings, the handshake in the reactor thread.
	reactor.addListener(socket, new Http::RequestHandlerFactory(context, apiRoutes), pTls);
	context.metrics().setConnectionStats(&reactor.stats());
	reactor.addListener(metricsSocket, new Http::RequestHandlerFactory(context, metricsRoutes));
	context.metrics().setDeliveryQueue(&getSubsystem<Delivery::DeliverySubsystem>().queue());
	context.metrics().setRetentionJob(&getSubsystem<Persistence::PersistenceSubsystem>().retention());
	context.metrics().setLegacyPasswordHashes([&legacyHashes] { return legacyHashes.value(); });
	reactor.start();
	DaemonStartup::reportReady();
	logger().information("AuthServer %s listening on %s://%s:%hu (%z worker threads, up to %z connections, database %s, cache %s, mail %s, sms %s)",
		std::string(VERSION), std::string(https ? "https" : "http"), host, socket.address().port(), limits.workerThreads, limits.maxConnections,
		database.dialectName(), cache.name(), mailer.transport().name(), sms.name());
	logger().information("metrics on http://%s:%hu/metrics%s", metricsHost, metricsSocket.address().port(),
		std::string(metricsPublic ? " and on the API listener (metrics.public=true)" : ""));
	waitForTerminationRequest();
	logger().information("shutting down: finishing in-flight requests");
	reactor.stop(10000);
	context.metrics().setConnectionStats(nullptr);
	context.metrics().setDeliveryQueue(nullptr);
	context.metrics().setRetentionJob(nullptr);
	context.metrics().setLegacyPasswordHashes(nullptr);
	logger().information("AuthServer stopped");
	return EXIT_OK;
}


} // namespace AuthServer
