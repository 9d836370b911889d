//
// JsonBodyTest.cpp
//
// JsonBody::parse and QueryParams: the request parsers the fuzzers drive
// (Testsuite/fuzz), with the cases they and OWASP ASVS 5.1.1 / 5.5.3 need.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Http/Exchange.h"
#include "AuthServer/Http/JsonBody.h"
#include "AuthServer/Http/QueryParams.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <sstream>
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Http::Exchange;
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
	CPPUNIT_TEST(testRequiredReturnsValuesInOrder);
	CPPUNIT_TEST(testRequiredNamesEveryMissingField);
	CPPUNIT_TEST(testRequiredReportsTypeErrorsFirst);
	CPPUNIT_TEST(testRequiredKeepsEarlierErrors);
	CPPUNIT_TEST(testRefuseNamesOnlyProtectedFields);
	CPPUNIT_TEST(testPathIdParsed);
	CPPUNIT_TEST(testBadPathIdIsNotFound);
	CPPUNIT_TEST(testPagingDefaults);
	CPPUNIT_TEST(testPagingOutOfRangeOrNotIntegerIsNamed);
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

	void testRequiredReturnsValuesInOrder()
	{
		JsonBody body = JsonBody::parse("{\"otp_code\":\"123456\",\"phone_number\":\"+14155550100\",\"x\":1}", "application/json", 32);
		auto [phone, code] = body.required("phone_number", "otp_code");
		CPPUNIT_ASSERT_EQUAL(std::string("+14155550100"), phone);
		CPPUNIT_ASSERT_EQUAL(std::string("123456"), code);
		std::vector<std::string> values = body.requiredStrings({"otp_code", "phone_number"});
		CPPUNIT_ASSERT_EQUAL(std::string("123456"), values.at(0));
		CPPUNIT_ASSERT_EQUAL(std::string("+14155550100"), values.at(1));
	}

	void testRequiredNamesEveryMissingField()
	{
		// Absent, null and "" are missing alike; every one is named in the
		// one 400 (not only the first), each with the contract's message.
		JsonBody body = JsonBody::parse("{\"a\":\"x\",\"b\":\"\",\"c\":null}", "application/json", 32);
		try
		{
			body.required("d", "a", "b", "c");
			CPPUNIT_FAIL("missing fields must be refused");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::ValidationError);
			CPPUNIT_ASSERT_EQUAL(400, exc.status());
			CPPUNIT_ASSERT_EQUAL(std::string("The request has invalid fields."), exc.message());
			std::vector<std::string> named;
			for (const auto& field: exc.errors())
			{
				named.push_back(field.first);
				CPPUNIT_ASSERT_EQUAL(std::size_t(1), field.second.size());
				CPPUNIT_ASSERT_EQUAL(std::string("This field is required."), field.second[0]);
			}
			CPPUNIT_ASSERT((named == std::vector<std::string>{"b", "c", "d"}));
		}
	}

	void testRequiredReportsTypeErrorsFirst()
	{
		// As the phone handlers did: a field of the wrong type is a type
		// error ("Must be a string."), reported before missing fields.
		JsonBody body = JsonBody::parse("{\"phone_number\":14155550100}", "application/json", 32);
		try
		{
			body.required("phone_number", "otp_code");
			CPPUNIT_FAIL("a number is not a string");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), exc.errors().size());
			CPPUNIT_ASSERT_EQUAL(std::string("Must be a string."), exc.errors().at("phone_number").at(0));
		}
	}

	void testRequiredKeepsEarlierErrors()
	{
		JsonBody body = JsonBody::parse("{\"id\":1,\"a\":\"x\"}", "application/json", 32);
		body.refuse({"id"});
		try
		{
			body.required("a");
			CPPUNIT_FAIL("the refused field must be reported");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), exc.errors().size());
			CPPUNIT_ASSERT_EQUAL(std::string("This field cannot be changed here."), exc.errors().at("id").at(0));
		}
	}

	void testRefuseNamesOnlyProtectedFields()
	{
		JsonBody body = JsonBody::parse("{\"email\":\"a@b.c\",\"is_active\":true,\"anything\":1}", "application/json", 32);
		body.refuse({"id", "is_active", "email_verified"});
		try
		{
			body.check();
			CPPUNIT_FAIL("is_active must be refused");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), exc.errors().size());
			CPPUNIT_ASSERT(exc.errors().count("is_active"));
		}
	}

	void testPathIdParsed()
	{
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(42), Exchange::parseId("42", "No such user."));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(9223372036854775807LL), Exchange::parseId("9223372036854775807", "No such user."));
	}

	void testBadPathIdIsNotFound()
	{
		// An {id} that cannot name a row is the unknown id's 404, never a
		// 400 or 500 (letters, empty, past Int64, trailing junk).
		for (const char* text: {"abc", "", "9223372036854775808", "99999999999999999999999", "4x", "1.5", "0x10"})
		{
			try
			{
				Exchange::parseId(text, "No such user.");
				CPPUNIT_FAIL(std::string("parsed: ") + text);
			}
			catch (ValidationException&)
			{
				CPPUNIT_FAIL(std::string("400 for: ") + text);
			}
			catch (AuthException& exc)
			{
				CPPUNIT_ASSERT(exc.problem() == Problem::NotFound);
				CPPUNIT_ASSERT_EQUAL(404, exc.status());
				CPPUNIT_ASSERT_EQUAL(std::string("No such user."), exc.message());
			}
		}
	}

	void testPagingDefaults()
	{
		QueryParams none("/api/admin/users");
		QueryParams::Paging paging = none.paging(20);
		none.check();
		CPPUNIT_ASSERT_EQUAL(1, paging.page);
		CPPUNIT_ASSERT_EQUAL(20, paging.pageSize);
		QueryParams given("/api/admin/audit?page=3&page_size=50&user_id=7");
		paging = given.paging(20);
		given.check();
		CPPUNIT_ASSERT_EQUAL(3, paging.page);
		CPPUNIT_ASSERT_EQUAL(50, paging.pageSize);
		// The range (page from 1, page_size 1..100) is AdminService's rule:
		// the parser passes 0 on.
		QueryParams zero("/api/admin/users?page=0&page_size=0");
		paging = zero.paging(20);
		zero.check();
		CPPUNIT_ASSERT_EQUAL(0, paging.page);
	}

	void testPagingOutOfRangeOrNotIntegerIsNamed()
	{
		// page past the int range and a page_size that is not a number:
		// both named in one 400, the defaults kept meanwhile.
		QueryParams query("/api/admin/users?page=99999999999&page_size=abc");
		QueryParams::Paging paging = query.paging(20);
		CPPUNIT_ASSERT_EQUAL(1, paging.page);
		CPPUNIT_ASSERT_EQUAL(20, paging.pageSize);
		try
		{
			query.check();
			CPPUNIT_FAIL("out-of-range page must be refused");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), exc.errors().size());
			CPPUNIT_ASSERT_EQUAL(std::string("A valid integer is required."), exc.errors().at("page").at(0));
			CPPUNIT_ASSERT_EQUAL(std::string("A valid integer is required."), exc.errors().at("page_size").at(0));
		}
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(JsonBodyTest);
