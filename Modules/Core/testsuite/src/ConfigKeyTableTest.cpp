//
// ConfigKeyTableTest.cpp
//
// Tests for the one configuration key table (issue 16.7): it is complete
// (every shipped property, every key constant, every key a reader uses),
// consistent (no duplicate, every default in its range and equal to the
// shipped properties) and the validator, the readers and the reference
// take their ranges and defaults from it.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeyTable.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/ConfigReference.h"
#include "AuthServer/Core/ConfigValidator.h"
#include "Poco/AutoPtr.h"
#include "Poco/Environment.h"
#include "Poco/NumberFormatter.h"
#include "Poco/NumberParser.h"
#include "Poco/Path.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>


using namespace AuthServer::Core;


class ConfigKeyTableTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ConfigKeyTableTest);
	CPPUNIT_TEST(testTableHasNoDuplicateNames);
	CPPUNIT_TEST(testEveryDefaultLiesWithinItsRange);
	CPPUNIT_TEST(testEveryShippedPropertyIsInTableWithItsDefault);
	CPPUNIT_TEST(testEveryKeyConstantIsInTable);
	CPPUNIT_TEST(testContractKeysAreInTable);
	CPPUNIT_TEST(testValidatorUsesTableRanges);
	CPPUNIT_TEST(testValidatorRefusesUnknownKeyOfEverySection);
	CPPUNIT_TEST(testReaderOfKeyMissingFromTableThrows);
	CPPUNIT_TEST(testReaderTakesDefaultsFromTable);
	CPPUNIT_TEST(testReferenceListsEveryKeyNeverAValue);
	CPPUNIT_TEST_SUITE_END();

public:
	static std::string sourceFile(const std::string& relative)
	{
		return Poco::Path(Poco::Path::forDirectory(Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".")), relative).toString();
	}

	static std::string readFile(const std::string& relative)
	{
		std::ifstream in(sourceFile(relative));
		CPPUNIT_ASSERT_MESSAGE(relative, in.good());
		std::stringstream text;
		text << in.rdbuf();
		return text.str();
	}

	static std::string keyAtFault(const std::string& key, const std::string& value)
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString(key, value);
		try
		{
			ConfigValidator::validate(*cfg);
		}
		catch (ConfigurationException& exc)
		{
			return exc.key();
		}
		return "";
	}

	void testTableHasNoDuplicateNames()
	{
		std::set<std::string> seen;
		for (const ConfigKey& key: ConfigKeyTable::keys())
			CPPUNIT_ASSERT_MESSAGE("duplicate key " + key.name, seen.insert(key.name).second);
		CPPUNIT_ASSERT(seen.size() > 140);
	}

	void testEveryDefaultLiesWithinItsRange()
	{
		for (const ConfigKey& key: ConfigKeyTable::keys())
		{
			const std::string& name = key.name;
			CPPUNIT_ASSERT_MESSAGE(name + ": no description", !key.description.empty());
			CPPUNIT_ASSERT_MESSAGE(name + ": a secret with a default", !key.secret || key.deflt.empty());
			if (!key.aliasOf.empty())
				CPPUNIT_ASSERT_MESSAGE(name + ": alias of an unknown key", ConfigKeyTable::find(key.aliasOf) && ConfigKeyTable::find(key.aliasOf)->aliasOf.empty());
			switch (key.type)
			{
			case ConfigKey::INT:
			case ConfigKey::NUMBER:
			{
				CPPUNIT_ASSERT_MESSAGE(name + ": empty range", key.minValue <= key.maxValue);
				CPPUNIT_ASSERT_MESSAGE(name + ": no default and no note", !key.deflt.empty() || !key.defaultNote.empty());
				if (key.deflt.empty()) break;
				double value = 0;
				if (key.type == ConfigKey::INT)
				{
					int i = 0;
					CPPUNIT_ASSERT_MESSAGE(name + ": default is not an integer", Poco::NumberParser::tryParse(key.deflt, i));
					value = i;
				}
				else
				{
					CPPUNIT_ASSERT_MESSAGE(name + ": default is not a number", Poco::NumberParser::tryParseFloat(key.deflt, value));
				}
				CPPUNIT_ASSERT_MESSAGE(name + ": default " + key.deflt + " out of range", value >= key.minValue && value <= key.maxValue);
				break;
			}
			case ConfigKey::ENUM:
				CPPUNIT_ASSERT_MESSAGE(name + ": default not among the choices",
					std::find(key.choices.begin(), key.choices.end(), key.deflt) != key.choices.end());
				break;
			case ConfigKey::BOOL:
			{
				bool b = false;
				CPPUNIT_ASSERT_MESSAGE(name + ": default is not a boolean", key.deflt.empty() ? !key.defaultNote.empty() : Poco::NumberParser::tryParseBool(key.deflt, b));
				break;
			}
			case ConfigKey::STRING:
			case ConfigKey::LIST:
				break;
			}
		}
	}

	void testEveryShippedPropertyIsInTableWithItsDefault()
	{
		// Set keys ("key = value") and commented ones ("#key = value") of the
		// shipped defaults: each is in the table, and the shipped value is
		// the table's default (they had disagreed: issue 16.7).
		std::istringstream text(readFile("Config/AuthServer.properties"));
		std::regex line(R"(^#?\s*([a-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+)\s*=\s*(.*?)\s*$)");
		std::set<std::string> owned(ConfigValidator::prefixes().begin(), ConfigValidator::prefixes().end());
		std::string l;
		int checked = 0;
		while (std::getline(text, l))
		{
			std::smatch m;
			if (!std::regex_match(l, m, line)) continue;
			std::string name = m[1];
			std::string value = m[3];
			if (!owned.count(name.substr(0, name.find('.'))) && name != "logging.daemonChannel") continue;
			const ConfigKey* pKey = ConfigKeyTable::find(name);
			CPPUNIT_ASSERT_MESSAGE(name + " is in Config/AuthServer.properties but not in the key table", pKey);
			CPPUNIT_ASSERT_MESSAGE(name + ": shipped value '" + value + "' is not the table's default '" + pKey->deflt + "'", value == pKey->deflt);
			++checked;
		}
		CPPUNIT_ASSERT(checked > 130);
	}

	void testEveryKeyConstantIsInTable()
	{
		std::string header = readFile("Modules/Core/include/AuthServer/Core/ConfigKeys.h");
		std::regex constant(R"re(constexpr const char\* (\w+) = "([^"]+)";)re");
		int checked = 0;
		for (std::sregex_iterator it(header.begin(), header.end(), constant), end; it != end; ++it)
		{
			std::string name = (*it)[2];
			CPPUNIT_ASSERT_MESSAGE("Keys::" + std::string((*it)[1]) + " (" + name + ") is not in the key table", ConfigKeyTable::find(name));
			++checked;
		}
		CPPUNIT_ASSERT(checked > 100);
	}

	void testContractKeysAreInTable()
	{
		// Keys added since the contract was written, and the contract's
		// newest keys other modules read (passkeys, compatibility).
		for (const char* name: {"auth.adminRequireOtp", "https.cipherList", "logging.daemonChannel", "paths.docs",
			"rateLimit.login.perIp", "rateLimit.lockout.threshold", "redis.keyPrefix", "redis.timeout", "delivery.queue",
			"delivery.key", "mail.smtp.timeout", "mail.smtp.authMethod", "mail.smtp.caFile", "webauthn.rpId",
			"webauthn.rpName", "webauthn.origins", "compat.profiles", "compat.legacySigningKey",
			"compat.phone.accessTokenLifetime", "mfa.encryptionKey", "mfa.totp.issuer", "http.workerThreads",
			"http.maxQueuedRequests", "metrics.public", "retention.sessionDays", "audit.retentionDays"})
			CPPUNIT_ASSERT_MESSAGE(name, ConfigKeyTable::find(name));
		CPPUNIT_ASSERT(ConfigKeyTable::get("jwt.secret").secret);
		CPPUNIT_ASSERT(ConfigKeyTable::get("compat.legacySigningKey").secret);
		CPPUNIT_ASSERT_EQUAL(std::string("http.workerThreads"), ConfigKeyTable::get("http.threads").aliasOf);
	}

	void testValidatorUsesTableRanges()
	{
		// Every bound of the table is the validator's: the bound passes, one
		// step beyond fails naming the key.
		for (const ConfigKey& key: ConfigKeyTable::keys())
		{
			const std::string& name = key.name;
			switch (key.type)
			{
			case ConfigKey::INT:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.minValue))));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.maxValue))));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.minValue) - 1)));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, Poco::NumberFormatter::format(static_cast<Poco::Int64>(key.maxValue) + 1)));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, "12x"));
				break;
			case ConfigKey::NUMBER:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, Poco::NumberFormatter::format(key.minValue)));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, Poco::NumberFormatter::format(key.maxValue)));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, Poco::NumberFormatter::format(key.minValue - 0.5)));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, Poco::NumberFormatter::format(key.maxValue + 0.5)));
				break;
			case ConfigKey::ENUM:
				for (const std::string& choice: key.choices)
					CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, choice));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, "bogus"));
				break;
			case ConfigKey::BOOL:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, "true"));
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, "maybe"));
				break;
			case ConfigKey::STRING:
			case ConfigKey::LIST:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string(""), keyAtFault(name, "anything"));
				break;
			}
		}
	}

	void testValidatorRefusesUnknownKeyOfEverySection()
	{
		for (const std::string& section: ConfigValidator::prefixes())
		{
			std::string name = section + ".noSuchKey";
			CPPUNIT_ASSERT_EQUAL_MESSAGE(name, name, keyAtFault(name, "1"));
		}
		CPPUNIT_ASSERT_EQUAL(std::string("webauthn.rpid"), keyAtFault("webauthn.rpid", "example.com"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), keyAtFault("logging.loggers.root.level", "debug"));
	}

	void testReaderOfKeyMissingFromTableThrows()
	{
		// A reader of a key the table does not hold fails at once, naming
		// the key, whatever the configuration holds: a key cannot be read
		// before it is documented and validated.
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("jwt.acessTokenLifetime", "60");
		ConfigReader reader(*cfg);
		try
		{
			reader.getInt("jwt.acessTokenLifetime");
			CPPUNIT_FAIL("a key missing from the table was read");
		}
		catch (ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("jwt.acessTokenLifetime"), exc.key());
		}
		CPPUNIT_ASSERT_THROW(reader.getString("no.such.key"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getString("no.such.key", "x"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getBool("no.such.key", true), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getList("no.such.key"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getRequiredString("no.such.key"), ConfigurationException);
		// ... and so does a read as another type than the table's.
		CPPUNIT_ASSERT_THROW(reader.getBool("http.port"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getInt("jwt.issuer"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getChoice("jwt.issuer"), ConfigurationException);
	}

	void testReaderTakesDefaultsFromTable()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> empty(new Poco::Util::MapConfiguration);
		ConfigReader reader(*empty);
		for (const ConfigKey& key: ConfigKeyTable::keys())
		{
			if (key.deflt.empty()) continue;
			switch (key.type)
			{
			case ConfigKey::INT:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(key.name, key.deflt, std::to_string(reader.getInt(key.name)));
				break;
			case ConfigKey::NUMBER:
				CPPUNIT_ASSERT_DOUBLES_EQUAL_MESSAGE(key.name, Poco::NumberParser::parseFloat(key.deflt), reader.getNumber(key.name), 1e-12);
				break;
			case ConfigKey::BOOL:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(key.name, key.deflt == "true", reader.getBool(key.name));
				break;
			case ConfigKey::ENUM:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(key.name, key.deflt, reader.getChoice(key.name));
				break;
			case ConfigKey::STRING:
			case ConfigKey::LIST:
				CPPUNIT_ASSERT_EQUAL_MESSAGE(key.name, key.deflt, reader.getString(key.name));
				break;
			}
		}
		CPPUNIT_ASSERT_THROW(reader.getInt("password.hashThreads"), ConfigurationException); // computed: the reader gives it
		CPPUNIT_ASSERT_EQUAL(3, reader.getInt("password.hashThreads", 3));
	}

	void testReferenceListsEveryKeyNeverAValue()
	{
		std::ostringstream out;
		ConfigReference::write(out);
		std::string text = out.str();
		for (const ConfigKey& key: ConfigKeyTable::keys())
		{
			std::string row = "| `" + key.name + "` | ";
			std::size_t at = text.find(row);
			CPPUNIT_ASSERT_MESSAGE(key.name + " missing from the reference", at != std::string::npos);
			if (key.secret)
			{
				std::string line = text.substr(at, text.find('\n', at) - at);
				CPPUNIT_ASSERT_MESSAGE(line, line.find("secret") != std::string::npos);
			}
		}
		CPPUNIT_ASSERT(text.find("## Command line") != std::string::npos);
		CPPUNIT_ASSERT(text.find("--list-config") != std::string::npos);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(ConfigKeyTableTest);
