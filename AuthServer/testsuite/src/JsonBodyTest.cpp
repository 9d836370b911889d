//
// JsonBodyTest.cpp
//
// JsonBody::parse and QueryParams: the request parsers the fuzzers drive
// (Testsuite/fuzz), with the cases they and OWASP ASVS 5.1.1 / 5.5.3 need.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Http/JsonBody.h"
#include "AuthServer/Http/QueryParams.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <sstream>
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Http::JsonBody;
using AuthServer::Http::QueryParams;


namespace
{
	Problem problemOf(const std::string& data, const std::string& type = "application/json")
	{
		try
		{
			JsonBody::parse(data, type, 32);
		}
		catch (AuthException& exc)
		{
			return exc.problem();
		}
		CPPUNIT_FAIL("parsed: " + data);
		return Problem::InternalError;
	}
}


class JsonBodyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(JsonBodyTest);
	CPPUNIT_TEST(testObjectParsedAndTyped);
	CPPUNIT_TEST(testBlankIsEmptyObject);
	CPPUNIT_TEST(testContentTypes);
	CPPUNIT_TEST(testNotJsonOrNotObject);
	CPPUNIT_TEST(testRepeatedMemberRefused);
	CPPUNIT_TEST(testDepthBounded);
	CPPUNIT_TEST(testHostileScalars);
	CPPUNIT_TEST(testRepeatedQueryParameterRefused);
	CPPUNIT_TEST(testLongUnknownFieldNameStaysValidUtf8);
	CPPUNIT_TEST_SUITE_END();

public:
	void testObjectParsedAndTyped()
	{
		JsonBody body = JsonBody::parse("{\"email\":\"a@b.c\",\"otp_login_enabled\":true,\"bio\":5}", "application/json; charset=utf-8", 32);
		CPPUNIT_ASSERT_EQUAL(std::string("a@b.c"), body.string("email"));
		CPPUNIT_ASSERT(*body.optionalBool("otp_login_enabled"));
		CPPUNIT_ASSERT(!body.optionalString("bio"));
		CPPUNIT_ASSERT_THROW(body.check(), ValidationException);
	}

	void testBlankIsEmptyObject()
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), JsonBody::parse(" \r\n\t", "text/plain", 32).object().size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), JsonBody::parse("", "", 32).object().size());
	}

	void testContentTypes()
	{
		JsonBody::parse("{}", "application/problem+json", 32);
		JsonBody::parse("{}", "APPLICATION/JSON", 32);
		CPPUNIT_ASSERT(problemOf("{}", "text/plain") == Problem::UnsupportedMediaType);
		CPPUNIT_ASSERT(problemOf("{}", "application/xml") == Problem::UnsupportedMediaType);
		try
		{
			JsonBody::parse("{}", "application/json; charset=\"", 32); // POCO's MediaType takes it
		}
		catch (AuthException&)
		{
		}
		CPPUNIT_ASSERT(problemOf("{}", "") == Problem::UnsupportedMediaType);
	}

	void testNotJsonOrNotObject()
	{
		for (const char* data: {"{", "[1,2]", "\"s\"", "1", "null", "{\"a\":}", "{\"a\":1,}", "{'a':1}"})
			CPPUNIT_ASSERT(problemOf(data) == Problem::InvalidJson);
	}

	void testRepeatedMemberRefused()
	{
		// ASVS 5.1.1: one parser keeps the first "email", another the last.
		CPPUNIT_ASSERT(problemOf("{\"email\":\"a@b.c\",\"email\":\"x@y.z\"}") == Problem::InvalidJson);
		CPPUNIT_ASSERT(problemOf("{\"a\":{\"k\":1,\"k\":2}}") == Problem::InvalidJson);
		CPPUNIT_ASSERT(problemOf("{\"a\":[{\"k\":1},{\"k\":2,\"k\":3}]}") == Problem::InvalidJson);
		// The same name in sibling or nested objects is fine.
		JsonBody body = JsonBody::parse("{\"k\":{\"k\":1},\"a\":[{\"k\":1},{\"k\":2}]}", "application/json", 32);
		CPPUNIT_ASSERT(body.has("k") && body.has("a"));
	}

	void testDepthBounded()
	{
		std::string deep(10000, '[');
		CPPUNIT_ASSERT(problemOf("{\"a\":" + deep + "}") == Problem::InvalidJson);
		std::string nested;
		for (int i = 0; i < 40; ++i) nested += "{\"a\":";
		nested += "1" + std::string(40, '}');
		CPPUNIT_ASSERT(problemOf(nested) == Problem::InvalidJson);
	}

	void testHostileScalars()
	{
		// Out-of-range numbers, lone surrogates, NUL and bytes that are not
		// UTF-8 end in a documented problem or a value, never a crash.
		for (const std::string& data: {std::string("{\"a\":1e999999}"), std::string("{\"a\":-1e999999}"),
			std::string("{\"a\":123456789012345678901234567890}"), std::string("{\"a\":\"\\ud800\"}"),
			std::string("{\"a\":\"\\udc00\\ud800\"}"), std::string("{\"a\":\"x\0y\"}", 12), std::string("{\"a\":\"\xff\xfe\"}")})
		{
			try
			{
				JsonBody body = JsonBody::parse(data, "application/json", 32);
				body.string("a");
			}
			catch (AuthException&)
			{
			}
		}
	}

	void testLongUnknownFieldNameStaysValidUtf8()
	{
		// fuzz_json_body: an unknown field name is echoed in the problem's
		// errors, cut to 64 bytes; a cut inside "\u00e9" (2 bytes in UTF-8)
		// made the validation_error answer invalid JSON (RFC 8259 §8.1).
		std::string name = std::string(63, 'a') + "\u00e9tail";
		JsonBody body = JsonBody::parse("{\"" + name + "\":1}", "application/json", 32);
		body.refuseExcept({"bio"}, {});
		try
		{
			body.check();
			CPPUNIT_FAIL("an unknown field must be refused");
		}
		catch (AuthServer::Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), exc.errors().size());
			const std::string& echoed = exc.errors().begin()->first;
			CPPUNIT_ASSERT_EQUAL(std::string(63, 'a'), echoed);
			Poco::JSON::Object problem;
			problem.set("field", echoed);
			std::ostringstream out;
			problem.stringify(out);
			Poco::JSON::Parser().parse(out.str()); // throws on invalid UTF-8
		}
	}

	void testRepeatedQueryParameterRefused()
	{
		QueryParams once("/api/admin/users?page=2&q=x");
		CPPUNIT_ASSERT_EQUAL(2, once.integer("page", 1));
		once.check();
		QueryParams twice("/api/admin/users?page=1&page=2");
		CPPUNIT_ASSERT_THROW(twice.check(), ValidationException);
		try
		{
			twice.check();
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.errors().count("page"));
		}
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(JsonBodyTest);
