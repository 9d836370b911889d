//
// CompatRegistrationTest.cpp
//
// The username rule of the signup and otp-activation profiles
// (Docs/COMPAT.md "signup": Django's UnicodeUsernameValidator, 150).
//


#include "AuthServer/Compat/CompatRegistration.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Compat::CompatRegistration;
using AuthServer::Core::ValidationException;


class CompatRegistrationTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CompatRegistrationTest);
	CPPUNIT_TEST(testUsernameDjangoRule);
	CPPUNIT_TEST_SUITE_END();

	static std::string error(const std::string& username)
	{
		ValidationException::FieldErrors errors;
		CompatRegistration::checkUsername(username, "username", errors);
		if (errors.empty()) return "";
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors["username"].size());
		return errors["username"][0];
	}

public:
	void testUsernameDjangoRule()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(), error("asha.rao+1@x_y-z"));
		CPPUNIT_ASSERT_EQUAL(std::string(), error("\xC3\xA9lodie")); // letters of any script
		CPPUNIT_ASSERT_EQUAL(std::string(), error(std::string(150, 'a')));
		CPPUNIT_ASSERT_EQUAL(std::string("Ensure this field has no more than 150 characters."), error(std::string(151, 'a')));
		CPPUNIT_ASSERT_EQUAL(std::string("This field may not be blank."), error(""));
		const std::string invalid = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";
		CPPUNIT_ASSERT_EQUAL(invalid, error("two words"));
		CPPUNIT_ASSERT_EQUAL(invalid, error("semi;colon"));
		CPPUNIT_ASSERT_EQUAL(invalid, error("bad\xFFutf8"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CompatRegistrationTest);
