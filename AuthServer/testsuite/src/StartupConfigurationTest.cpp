//
// StartupConfigurationTest.cpp
//
// Relative paths made absolute before --daemon moves to /, and the
// console loggers of a daemon sent to logging.daemonChannel.
//


#include "StartupConfiguration.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/AutoPtr.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Util/LayeredConfiguration.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::StartupConfiguration;
using Poco::AutoPtr;
using Poco::Util::MapConfiguration;


class StartupConfigurationTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(StartupConfigurationTest);
	CPPUNIT_TEST(testRelativePathsResolvedAgainstStartFolder);
	CPPUNIT_TEST(testNonPathsAndNonSqliteUrlsKept);
	CPPUNIT_TEST(testDaemonRoutesConsoleLoggersToDaemonChannel);
	CPPUNIT_TEST(testForegroundKeepsConsole);
	CPPUNIT_TEST(testUnknownDaemonChannelNamesTheKey);
	CPPUNIT_TEST(testRealDirectoryResolvesLinks);
	CPPUNIT_TEST_SUITE_END();

public:
	void testRelativePathsResolvedAgainstStartFolder()
	{
		AutoPtr<MapConfiguration> cfg(new MapConfiguration);
		cfg->setString("database.connector", "sqlite");
		cfg->setString("database.url", "var/auth.db");
		cfg->setString("app.dataDirectory", "var");
		cfg->setString("mail.outbox.directory", "./var/mail");
		cfg->setString("https.certificateFile", "/etc/tls/cert.pem");
		cfg->setString("jwt.previousPublicKeyFiles", "old=keys/old.pem, keys/older.pem");
		cfg->setString("logging.channels.file.class", "FileChannel");
		cfg->setString("logging.channels.file.path", "var/log/a.log");
		AutoPtr<MapConfiguration> resolved = StartupConfiguration::resolvePaths(*cfg, "/srv/auth/");
		CPPUNIT_ASSERT_EQUAL(std::string("/srv/auth/var/auth.db"), resolved->getString("database.url"));
		CPPUNIT_ASSERT_EQUAL(std::string("/srv/auth/var"), resolved->getString("app.dataDirectory"));
		CPPUNIT_ASSERT_EQUAL(std::string("/srv/auth/var/mail"), resolved->getString("mail.outbox.directory"));
		CPPUNIT_ASSERT(!resolved->hasProperty("https.certificateFile")); // already absolute
		CPPUNIT_ASSERT_EQUAL(std::string("old=/srv/auth/keys/old.pem,/srv/auth/keys/older.pem"), resolved->getString("jwt.previousPublicKeyFiles"));
		CPPUNIT_ASSERT_EQUAL(std::string("/srv/auth/var/log/a.log"), resolved->getString("logging.channels.file.path"));
	}

	void testNonPathsAndNonSqliteUrlsKept()
	{
		AutoPtr<MapConfiguration> cfg(new MapConfiguration);
		cfg->setString("database.connector", "postgresql");
		cfg->setString("database.url", "host=db dbname=auth");
		cfg->setString("jwt.privateKeyFile", "");
		cfg->setString("http.host", "127.0.0.1");
		AutoPtr<MapConfiguration> resolved = StartupConfiguration::resolvePaths(*cfg, "/srv/auth");
		CPPUNIT_ASSERT(!resolved->hasProperty("database.url"));
		CPPUNIT_ASSERT(!resolved->hasProperty("jwt.privateKeyFile"));
		CPPUNIT_ASSERT(!resolved->hasProperty("http.host"));
		cfg->setString("database.connector", "sqlite");
		cfg->setString("database.url", ":memory:");
		CPPUNIT_ASSERT(!StartupConfiguration::resolvePaths(*cfg, "/srv/auth")->hasProperty("database.url"));
	}

	static AutoPtr<MapConfiguration> loggingConfig(const std::string& logDir)
	{
		AutoPtr<MapConfiguration> cfg(new MapConfiguration);
		cfg->setString("logging.channels.console.class", "ConsoleChannel");
		cfg->setString("logging.channels.async.class", "AsyncChannel");
		cfg->setString("logging.channels.async.channel", "console");
		cfg->setString("logging.channels.file.class", "FileChannel");
		cfg->setString("logging.channels.file.path", logDir + "/sub/authserver.log");
		cfg->setString("logging.channels.asyncFile.class", "AsyncChannel");
		cfg->setString("logging.channels.asyncFile.channel", "file");
		cfg->setString("logging.channels.audit.class", "FileChannel");
		cfg->setString("logging.channels.audit.path", logDir + "/audit/audit.log");
		cfg->setString("logging.loggers.root.channel", "async");
		cfg->setString("logging.loggers.app.name", "Application");
		cfg->setString("logging.loggers.app.channel", "console");
		cfg->setString("logging.loggers.audit.name", "AuthServer.Audit");
		cfg->setString("logging.loggers.audit.channel", "audit");
		cfg->setString("logging.daemonChannel", "asyncFile");
		return cfg;
	}

	void testDaemonRoutesConsoleLoggersToDaemonChannel()
	{
		Poco::TemporaryFile dir;
		AutoPtr<MapConfiguration> cfg = loggingConfig(dir.path());
		AutoPtr<MapConfiguration> overrides(new MapConfiguration);
		StartupConfiguration::routeLogging(*cfg, true, *overrides);
		CPPUNIT_ASSERT_EQUAL(std::string("asyncFile"), overrides->getString("logging.loggers.root.channel"));
		CPPUNIT_ASSERT_EQUAL(std::string("asyncFile"), overrides->getString("logging.loggers.app.channel"));
		CPPUNIT_ASSERT(!overrides->hasProperty("logging.loggers.audit.channel")); // a file already
		CPPUNIT_ASSERT(Poco::File(dir.path() + "/sub").isDirectory());
		CPPUNIT_ASSERT(Poco::File(dir.path() + "/audit").isDirectory());
	}

	void testForegroundKeepsConsole()
	{
		Poco::TemporaryFile dir;
		AutoPtr<MapConfiguration> cfg = loggingConfig(dir.path());
		AutoPtr<MapConfiguration> overrides(new MapConfiguration);
		StartupConfiguration::routeLogging(*cfg, false, *overrides);
		CPPUNIT_ASSERT(!overrides->hasProperty("logging.loggers.root.channel"));
		CPPUNIT_ASSERT(!Poco::File(dir.path() + "/sub").exists()); // the file channel is not used
		CPPUNIT_ASSERT(Poco::File(dir.path() + "/audit").isDirectory());
	}

	void testUnknownDaemonChannelNamesTheKey()
	{
		Poco::TemporaryFile dir;
		AutoPtr<MapConfiguration> cfg = loggingConfig(dir.path());
		cfg->setString("logging.daemonChannel", "nosuch");
		AutoPtr<MapConfiguration> overrides(new MapConfiguration);
		try
		{
			StartupConfiguration::routeLogging(*cfg, true, *overrides);
			CPPUNIT_FAIL("an unknown logging.daemonChannel was accepted");
		}
		catch (AuthServer::Core::ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("logging.daemonChannel"), exc.key());
		}
	}

	void testRealDirectoryResolvesLinks()
	{
		// A link elsewhere to the executable still leads to the executable's
		// own folder (issue 16.10).
		Poco::TemporaryFile root;
		Poco::File(Poco::Path::forDirectory(root.path() + "/real")).createDirectories();
		Poco::File(Poco::Path::forDirectory(root.path() + "/links")).createDirectories();
		Poco::File(root.path() + "/real/authserver").createFile();
		Poco::File(root.path() + "/real/authserver").linkTo(root.path() + "/links/authserver", Poco::File::LINK_SYMBOLIC);
		std::string real = StartupConfiguration::realDirectory(root.path() + "/links/authserver");
		CPPUNIT_ASSERT_EQUAL(std::string("real"), Poco::Path(real).directory(Poco::Path(real).depth() - 1));
		CPPUNIT_ASSERT_EQUAL(std::string(""), StartupConfiguration::realDirectory(root.path() + "/missing"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), StartupConfiguration::realDirectory(""));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(StartupConfigurationTest);
