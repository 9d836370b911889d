//
// CoreTest.cpp
//
// Tests for the Core module: problem table, config reader, random, digests.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/ConfigValidator.h"
#include "AuthServer/Core/Digests.h"
#include "Poco/DigestEngine.h"
#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/ExpiringMap.h"
#include "AuthServer/Core/JsonWriter.h"
#include "AuthServer/Core/Problem.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/AutoPtr.h"
#include "Poco/File.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>
#include <set>
#include <sstream>
#include <vector>
#include <sys/stat.h>


using namespace AuthServer::Core;


class CoreTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CoreTest);
	CPPUNIT_TEST(testProblemTableMatchesContract);
	CPPUNIT_TEST(testExpiringMapForgetsAfterMaxAgeAndWhenFull);
	CPPUNIT_TEST(testConfigReaderNamesKeyOnError);
	CPPUNIT_TEST(testConfigReaderReadsTypedValues);
	CPPUNIT_TEST(testRandomTokenIsUrlSafeAndUnique);
	CPPUNIT_TEST(testRandomDigitsAreDigits);
	CPPUNIT_TEST(testSha256KnownAnswer);
	CPPUNIT_TEST(testDeriveKeyIsLabelledSha256);
	CPPUNIT_TEST(testBase64UrlKnownAnswers);
	CPPUNIT_TEST(testBase64UrlRefusesNonCanonical);
	CPPUNIT_TEST(testBase64UrlCompactTextIsAlphabetAndDotOnly);
	CPPUNIT_TEST(testJsonWriterWritesPocoObjectBytes);
	CPPUNIT_TEST(testJsonWriterNesting);
	CPPUNIT_TEST(testConstantTimeEquals);
	CPPUNIT_TEST(testRfc3339);
	CPPUNIT_TEST(testValidatorAcceptsKnownGoodValues);
	CPPUNIT_TEST(testValidatorRefusesUnknownKey);
	CPPUNIT_TEST(testValidatorRefusesMalformedValues);
	CPPUNIT_TEST(testEmbeddedSecretCreatedOnceOwnerOnly);
	CPPUNIT_TEST_SUITE_END();

public:
	void testExpiringMapForgetsAfterMaxAgeAndWhenFull()
	{
		using Map = AuthServer::Core::ExpiringMap<std::string, int>;
		Map map(3, std::chrono::seconds(60));
		Map::Clock::time_point t0 = Map::Clock::time_point() + std::chrono::hours(1);
		CPPUNIT_ASSERT(!map.find("a", t0));
		map.put("a", 1, t0);
		CPPUNIT_ASSERT_EQUAL(1, *map.find("a", t0));
		CPPUNIT_ASSERT_EQUAL(1, *map.find("a", t0 + std::chrono::seconds(60)));
		CPPUNIT_ASSERT(!map.find("A", t0));
		CPPUNIT_ASSERT(!map.find("a", t0 + std::chrono::seconds(61)));
		CPPUNIT_ASSERT(!map.find("a", t0));   // dropped when found too old
		map.put("a", 2, t0);
		CPPUNIT_ASSERT(!map.find("a", t0 - std::chrono::seconds(1)));   // put after now
		map.put("b", 2, t0);
		map.put("c", 3, t0);
		map.put("d", 4, t0);
		CPPUNIT_ASSERT_EQUAL(2, *map.find("b", t0));
		map.put("e", 5, t0);   // full at 3 entries: emptied first
		CPPUNIT_ASSERT(!map.find("b", t0));
		CPPUNIT_ASSERT_EQUAL(5, *map.find("e", t0));
	}

	void testEmbeddedSecretCreatedOnceOwnerOnly()
	{
		// The embedded profile's generated keys: created once with mode
		// 0600 (OWASP ASVS 6.4.1), the same text on every later start.
		Poco::TemporaryFile dir;
		std::string directory = Poco::Path(dir.path(), "var").toString();
		CPPUNIT_ASSERT(!EmbeddedSecret::read(directory, "test.key"));
		std::string secret = EmbeddedSecret::readOrCreate(directory, "test.key");
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), secret.size());
		CPPUNIT_ASSERT(EmbeddedSecret::read(directory, "test.key") == secret);
		CPPUNIT_ASSERT_EQUAL(secret, EmbeddedSecret::readOrCreate(directory, "test.key"));
		CPPUNIT_ASSERT(EmbeddedSecret::readOrCreate(directory, "other.key") != secret);
		struct stat info;
		CPPUNIT_ASSERT_EQUAL(0, ::stat(Poco::Path(Poco::Path::forDirectory(directory), "test.key").toString().c_str(), &info));
		CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(info.st_mode & 0777));
		CPPUNIT_ASSERT(!Poco::File(Poco::Path(Poco::Path::forDirectory(directory), "test.key.tmp")).exists());
	}

	void testProblemTableMatchesContract()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), ProblemCatalog::code(Problem::ValidationError));
		CPPUNIT_ASSERT_EQUAL(400, ProblemCatalog::status(Problem::ValidationError));
		CPPUNIT_ASSERT_EQUAL(std::string("token_reused"), ProblemCatalog::code(Problem::TokenReused));
		CPPUNIT_ASSERT_EQUAL(401, ProblemCatalog::status(Problem::TokenReused));
		CPPUNIT_ASSERT_EQUAL(423, ProblemCatalog::status(Problem::AccountLocked));
		CPPUNIT_ASSERT_EQUAL(413, ProblemCatalog::status(Problem::PayloadTooLarge));
		CPPUNIT_ASSERT_EQUAL(429, ProblemCatalog::status(Problem::OtpAttemptsExceeded));
		CPPUNIT_ASSERT_EQUAL(std::string("internal_error"), ProblemCatalog::code(Problem::InternalError));
		CPPUNIT_ASSERT_EQUAL(500, ProblemCatalog::status(Problem::InternalError));
		CPPUNIT_ASSERT_EQUAL(std::string("https://authserver.dev/problems/conflict"), ProblemCatalog::type(Problem::Conflict));
		AuthException exc(Problem::Conflict, "taken");
		CPPUNIT_ASSERT_EQUAL(409, exc.status());
	}

	void testConfigReaderNamesKeyOnError()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("http.port", "eighty");
		cfg->setString("http.threads", "0");
		cfg->setString("database.connector", "oracle");
		ConfigReader reader(*cfg);
		try
		{
			reader.getInt("http.port");
			CPPUNIT_FAIL("malformed integer accepted");
		}
		catch (ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("http.port"), exc.key());
			CPPUNIT_ASSERT(exc.message().find("http.port") == 0);
		}
		CPPUNIT_ASSERT_THROW(reader.getInt("http.threads"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getChoice("database.connector"), ConfigurationException);
		CPPUNIT_ASSERT_THROW(reader.getRequiredString("jwt.secret"), ConfigurationException);
	}

	void testConfigReaderReadsTypedValues()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("http.port", " 42 ");
		cfg->setString("https.enabled", "false");
		cfg->setString("http.trustedProxies", "x, y,,z ");
		ConfigReader reader(*cfg);
		CPPUNIT_ASSERT_EQUAL(42, reader.getInt("http.port"));
		CPPUNIT_ASSERT_EQUAL(900, reader.getInt("jwt.accessTokenLifetime"));
		CPPUNIT_ASSERT_EQUAL(7, reader.getInt("password.hashThreads", 7));
		CPPUNIT_ASSERT(!reader.getBool("https.enabled", true));
		CPPUNIT_ASSERT(reader.getBool("auth.requireEmailVerification"));
		cfg->setString("retention.sessionDays", " 0.5 ");
		CPPUNIT_ASSERT_DOUBLES_EQUAL(0.5, reader.getNumber("retention.sessionDays"), 1e-12);
		CPPUNIT_ASSERT_DOUBLES_EQUAL(180.0, reader.getNumber("audit.retentionDays"), 1e-12);
		cfg->setString("retention.sessionDays", "40000");
		CPPUNIT_ASSERT_THROW(reader.getNumber("retention.sessionDays"), ConfigurationException);
		cfg->setString("retention.sessionDays", "inf");
		CPPUNIT_ASSERT_THROW(reader.getNumber("retention.sessionDays"), ConfigurationException);
		std::vector<std::string> list = reader.getList("http.trustedProxies");
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), list.size());
		CPPUNIT_ASSERT_EQUAL(std::string("z"), list[2]);
		CPPUNIT_ASSERT_EQUAL(std::string("HS256"), reader.getChoice("jwt.algorithm"));
		CPPUNIT_ASSERT_EQUAL(std::string("authserver"), reader.getString("jwt.issuer"));
	}

	void testRandomTokenIsUrlSafeAndUnique()
	{
		std::set<std::string> seen;
		for (int i = 0; i < 100; ++i)
		{
			std::string token = SecureRandom::token(32);
			CPPUNIT_ASSERT_EQUAL(std::size_t(43), token.size());
			CPPUNIT_ASSERT(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
			CPPUNIT_ASSERT(seen.insert(token).second);
		}
	}

	void testRandomDigitsAreDigits()
	{
		int counts[10] = {0};
		for (int i = 0; i < 1000; ++i)
		{
			std::string code = SecureRandom::digits(6);
			CPPUNIT_ASSERT_EQUAL(std::size_t(6), code.size());
			for (char c: code)
			{
				CPPUNIT_ASSERT(c >= '0' && c <= '9');
				counts[c - '0']++;
			}
		}
		for (int n: counts) CPPUNIT_ASSERT(n > 450 && n < 750); // 600 expected each
	}

	void testBase64UrlKnownAnswers()
	{
		// RFC 4648 §10 test vectors, unpadded, and the URL-safe alphabet (§5).
		CPPUNIT_ASSERT_EQUAL(std::string(""), Base64Url::encode(""));
		CPPUNIT_ASSERT_EQUAL(std::string("Zg"), Base64Url::encode("f"));
		CPPUNIT_ASSERT_EQUAL(std::string("Zm8"), Base64Url::encode("fo"));
		CPPUNIT_ASSERT_EQUAL(std::string("Zm9vYmFy"), Base64Url::encode("foobar"));
		CPPUNIT_ASSERT_EQUAL(std::string("-_8"), Base64Url::encode("\xfb\xff"));
		std::string data;
		CPPUNIT_ASSERT(Base64Url::decodeCanonical("Zm9vYmE", data));
		CPPUNIT_ASSERT_EQUAL(std::string("fooba"), data);
		CPPUNIT_ASSERT(Base64Url::decodeCanonical("-_8", data));
		CPPUNIT_ASSERT_EQUAL(std::string("\xfb\xff"), data);
		CPPUNIT_ASSERT(Base64Url::decodeCanonical("", data));
		CPPUNIT_ASSERT(data.empty());
	}

	void testJsonWriterWritesPocoObjectBytes()
	{
		// The writer's text is the bytes of Poco::JSON::Object::stringify
		// with escapeUnicode set (members written in POCO's key order), for
		// strings that need escaping (quote, backslash, solidus, controls,
		// non-ASCII, invalid UTF-8) and for compact text copied as it is.
		const std::vector<std::string> values = {"", "plain", "eyJh.bGc-_iOi", "q\"uote\\back/slash", std::string("nul\0ctl\x01\n", 9),
			"Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x94\x91", "bad\xC3(utf8", "<script>"};
		for (const std::string& v: values)
		{
			Poco::JSON::Object o;
			o.setEscapeUnicode(true);
			o.set("a", v);
			o.set("b", Poco::Int64(-42));
			o.set("c", true);
			o.set("d", Poco::Dynamic::Var());
			std::ostringstream expected;
			o.stringify(expected);
			JsonWriter w;
			w.string("a", v);
			w.number("b", -42);
			w.boolean("c", true);
			w.nullableString("d", std::nullopt);
			CPPUNIT_ASSERT_EQUAL(expected.str(), w.str());
		}
	}

	void testJsonWriterNesting()
	{
		JsonWriter w;
		w.string("a", "x");
		w.beginObject("o");
		w.nullableString("n", std::string("y"));
		w.beginObject("e");
		w.endObject();
		w.boolean("f", false);
		w.endObject();
		w.number("z", 7);
		const std::string text = w.str();
		CPPUNIT_ASSERT_EQUAL(std::string("{\"a\":\"x\",\"o\":{\"n\":\"y\",\"e\":{},\"f\":false},\"z\":7}"), text);
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr parsed = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
		CPPUNIT_ASSERT_EQUAL(7, parsed->getValue<int>("z"));
		JsonWriter unbalanced;
		CPPUNIT_ASSERT_THROW(unbalanced.endObject(), Poco::IllegalStateException);
		JsonWriter open;
		open.beginObject("o");
		CPPUNIT_ASSERT_EQUAL(std::string("{\"o\":{}}"), open.str());
	}

	void testBase64UrlCompactTextIsAlphabetAndDotOnly()
	{
		// What may go into a JSON string unescaped (UserJson::tokensText).
		CPPUNIT_ASSERT(Base64Url::isCompactText("eyJh.eyJz-_09.AZaz"));
		CPPUNIT_ASSERT(Base64Url::isCompactText("."));
		CPPUNIT_ASSERT(!Base64Url::isCompactText(""));
		for (const char* bad: {"a\"b", "a\\b", "a/b", "a+b", "a=b", "a b", "a\nb", "\xC3\xA9", "a\x7F", "<"})
			CPPUNIT_ASSERT_MESSAGE(bad, !Base64Url::isCompactText(bad));
		CPPUNIT_ASSERT(!Base64Url::isCompactText(std::string("a\0b", 3)));
	}

	void testBase64UrlRefusesNonCanonical()
	{
		std::string data = "untouched";
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("Zh", data));      // 'f' is Zg; h sets an unused bit
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("Zm9", data));     // "fo" is Zm8
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("Zg==", data));    // padding
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("+/8", data));     // standard alphabet
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("Zm9vY", data));   // length 1 mod 4
		CPPUNIT_ASSERT(!Base64Url::decodeCanonical("Zm 9v", data));   // whitespace
		CPPUNIT_ASSERT_EQUAL(std::string("untouched"), data);
	}

	void testSha256KnownAnswer()
	{
		// FIPS 180-4 example "abc"
		CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), Digests::sha256Hex("abc"));
	}

	void testDeriveKeyIsLabelledSha256()
	{
		// The stored delivery queue and TOTP secrets were sealed under
		// SHA-256(label "\n" secret): the derivation must not change.
		std::string key = Digests::deriveKey("authserver delivery queue", "s3cret");
		CPPUNIT_ASSERT_EQUAL(std::size_t(32), key.size());
		CPPUNIT_ASSERT_EQUAL(Digests::sha256Hex("authserver delivery queue\ns3cret"),
			Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(key.begin(), key.end())));
		CPPUNIT_ASSERT(key != Digests::deriveKey("authserver mfa totp secrets", "s3cret"));
	}

	void testConstantTimeEquals()
	{
		CPPUNIT_ASSERT(Digests::constantTimeEquals("abcd", "abcd"));
		CPPUNIT_ASSERT(!Digests::constantTimeEquals("abcd", "abce"));
		CPPUNIT_ASSERT(!Digests::constantTimeEquals("abc", "abcd"));
	}

	void testRfc3339()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("2026-11-22T10:15:23Z"), Clock::toRfc3339(1795342523));
	}

	static std::string validatorKeyAtFault(Poco::Util::AbstractConfiguration& cfg)
	{
		try
		{
			ConfigValidator::validate(cfg);
		}
		catch (ConfigurationException& exc)
		{
			return exc.key();
		}
		return "";
	}

	void testValidatorAcceptsKnownGoodValues()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("http.port", "0");
		cfg->setString("https.enabled", "no");
		cfg->setString("password.hashThreads", "");
		cfg->setString("cache.backend", " redis ");
		cfg->setString("rateLimit.login.perIp", "0");
		cfg->setString("logging.loggers.root.level", "debug"); // POCO's own keys are not checked
		cfg->setString("application.whatever", "x");
		cfg->setString("retention.sessionDays", "0.00002");   // fractional days: seconds for tests
		cfg->setString("retention.oneTimeTokenDays", "1");
		cfg->setString("audit.retentionDays", "0");           // keep for ever
		cfg->setString("retention.interval", "1");
		CPPUNIT_ASSERT_EQUAL(std::string(""), validatorKeyAtFault(*cfg));
		CPPUNIT_ASSERT(ConfigValidator::unknownKeys(*cfg).empty());
	}

	void testValidatorRefusesUnknownKey()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("http.port", "8000");
		cfg->setString("jwt.acessTokenLifetime", "60");
		cfg->setString("rateLimit.login.perIpp", "3");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.acessTokenLifetime"), validatorKeyAtFault(*cfg));
		std::vector<std::string> unknown = ConfigValidator::unknownKeys(*cfg);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), unknown.size());
		CPPUNIT_ASSERT_EQUAL(std::string("rateLimit.login.perIpp"), unknown[1]);
	}

	void testValidatorRefusesMalformedValues()
	{
		struct Case { const char* key; const char* value; };
		for (Case c: {Case{"http.port", "70000"}, Case{"http.port", "80a"}, Case{"https.enabled", "maybe"},
			Case{"redis.port", "-1"}, Case{"database.connector", "oracle"}, Case{"otp.length", "4"},
			Case{"rateLimit.lockout.threshold", "many"}, Case{"retention.sessionDays", "-1"},
			Case{"audit.retentionDays", "nan"}, Case{"retention.oneTimeTokenDays", "1e400"}, Case{"retention.interval", "0"},
			Case{"retention.sessionDays", "7 days"}})
		{
			Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
			cfg->setString("http.threads", "8");
			cfg->setString(c.key, c.value);
			CPPUNIT_ASSERT_EQUAL(std::string(c.key), validatorKeyAtFault(*cfg));
		}
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CoreTest);
