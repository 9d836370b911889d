//
// CompatBodyTest.cpp
//
// Aliases, fields given twice, form bodies and DRF's boolean forms.
//


#include "AuthServer/Compat/CompatBody.h"
#include "AuthServer/Compat/DrfBoolean.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTMLForm.h"
#include <cppunit/extensions/HelperMacros.h>
#include <functional>


using namespace AuthServer::Compat;
using AuthServer::Core::ValidationException;


namespace
{
	const CompatBody::Aliases ALIASES = {{"password2", "password_confirm"}, {"contact", "phone_number"},
		{"new_password2", "new_password_confirm"}, {"confirm_password", "new_password_confirm"}};

	Poco::JSON::Object::Ptr json(const std::string& text)
	{
		Poco::JSON::Parser parser;
		return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
	}

	Poco::Net::NameValueCollection form(const std::string& body)
	{
		Poco::Net::HTMLForm f;
		f.read(body);
		Poco::Net::NameValueCollection fields;
		for (const auto& field: f) fields.add(field.first, field.second);
		return fields;
	}

	std::string duplicateMessage(const std::function<void()>& f)
	{
		try
		{
			f();
		}
		catch (ValidationException& exc)
		{
			auto it = exc.errors().find("non_field_errors");
			return it == exc.errors().end() || it->second.empty() ? std::string("(other field)") : it->second.front();
		}
		return "(accepted)";
	}
}


class CompatBodyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CompatBodyTest);
	CPPUNIT_TEST(testAliasTakenForNativeName);
	CPPUNIT_TEST(testAliasBesideNativeNameIsGivenTwice);
	CPPUNIT_TEST(testTwoAliasesOfOneFieldAreGivenTwice);
	CPPUNIT_TEST(testRepeatedFormKeyIsGivenTwice);
	CPPUNIT_TEST(testFormBodyEmptyFieldIsAbsent);
	CPPUNIT_TEST(testJsonNumberReadAsText);
	CPPUNIT_TEST(testErrorsNameFieldAsSent);
	CPPUNIT_TEST(testDrfBooleanForms);
	CPPUNIT_TEST(testFormBooleanField);
	CPPUNIT_TEST_SUITE_END();

public:
	void testAliasTakenForNativeName()
	{
		CompatBody body = CompatBody::fromJson(*json(R"({"email":"a@example.com","password2":"x","contact":"9876543210","unknown":1})"), ALIASES);
		CPPUNIT_ASSERT_EQUAL(std::string("x"), body.string("password_confirm"));
		CPPUNIT_ASSERT_EQUAL(std::string("9876543210"), body.string("phone_number"));
		CPPUNIT_ASSERT_EQUAL(std::string("contact"), body.sentName("phone_number"));
		CPPUNIT_ASSERT_EQUAL(std::string("email"), body.sentName("email"));
		CPPUNIT_ASSERT(!body.has("password2"));
		CPPUNIT_ASSERT_EQUAL(std::string("new_password2"), body.sentName("new_password_confirm")); // not given: the old name
		CPPUNIT_ASSERT(body.given().count("phone_number") && !body.given().count("new_password_confirm"));
		body.check();
	}

	void testAliasBesideNativeNameIsGivenTwice()
	{
		std::string m = duplicateMessage([] { CompatBody::fromJson(*json(R"({"password2":"x","password_confirm":"x"})"), ALIASES); });
		CPPUNIT_ASSERT_EQUAL(std::string("Field 'password_confirm' was given more than once."), m);
	}

	void testTwoAliasesOfOneFieldAreGivenTwice()
	{
		std::string m = duplicateMessage([] { CompatBody::fromForm(form("new_password2=a&confirm_password=a"), ALIASES); });
		CPPUNIT_ASSERT_EQUAL(std::string("Field 'new_password_confirm' was given more than once."), m);
	}

	void testRepeatedFormKeyIsGivenTwice()
	{
		std::string m = duplicateMessage([] { CompatBody::fromForm(form("email=a%40example.com&email=b%40example.com"), ALIASES); });
		CPPUNIT_ASSERT_EQUAL(std::string("Field 'email' was given more than once."), m);
	}

	void testFormBodyEmptyFieldIsAbsent()
	{
		CompatBody body = CompatBody::fromForm(form("email=a%40example.com&full_name=&contact=%2B919876543210"), ALIASES);
		CPPUNIT_ASSERT_EQUAL(std::string("a@example.com"), body.string("email"));
		CPPUNIT_ASSERT(!body.has("full_name"));
		CPPUNIT_ASSERT(!body.optionalString("full_name"));
		CPPUNIT_ASSERT_EQUAL(std::string("+919876543210"), body.string("phone_number"));
	}

	void testJsonNumberReadAsText()
	{
		CompatBody body = CompatBody::fromJson(*json(R"({"contact":9876543210,"otp":123456,"flag":true})"), ALIASES);
		CPPUNIT_ASSERT_EQUAL(std::string("9876543210"), body.string("phone_number"));
		CPPUNIT_ASSERT_EQUAL(std::string("123456"), body.string("otp"));
		body.check();
		body.string("flag");
		CPPUNIT_ASSERT_THROW(body.check(), ValidationException);
	}

	void testErrorsNameFieldAsSent()
	{
		CompatBody body = CompatBody::fromJson(*json(R"({"contact":{"a":1}})"), ALIASES);
		body.string("phone_number");
		try
		{
			body.check();
			CPPUNIT_FAIL("accepted an object for a string");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.errors().count("contact"));
		}
	}

	void testDrfBooleanForms()
	{
		for (const char* t: {"true", "True", "TRUE", "1", "on", "On", "yes", "y", "t"})
			CPPUNIT_ASSERT(DrfBoolean::parse(std::string(t)) == std::optional<bool>(true));
		for (const char* f: {"false", "False", "0", "off", "no", "n", "f"})
			CPPUNIT_ASSERT(DrfBoolean::parse(std::string(f)) == std::optional<bool>(false));
		CPPUNIT_ASSERT(DrfBoolean::parse(true) == std::optional<bool>(true));
		CPPUNIT_ASSERT(DrfBoolean::parse(0) == std::optional<bool>(false));
		CPPUNIT_ASSERT(!DrfBoolean::parse(std::string("maybe")));
		CPPUNIT_ASSERT(!DrfBoolean::parse(2));
	}

	void testFormBooleanField()
	{
		CompatBody body = CompatBody::fromForm(form("all=on&other=maybe"), {});
		CPPUNIT_ASSERT(body.optionalBool("all") == std::optional<bool>(true));
		CPPUNIT_ASSERT(!body.optionalBool("missing"));
		body.optionalBool("other");
		CPPUNIT_ASSERT_THROW(body.check(), ValidationException);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CompatBodyTest);
