//
// ProfilesTest.cpp
//
// compat.profiles parsing.
//


#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Core/AuthException.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer::Compat;
using AuthServer::Core::ConfigurationException;


class ProfilesTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ProfilesTest);
	CPPUNIT_TEST(testBlanksIgnoredRepeatsOnce);
	CPPUNIT_TEST(testUnknownNameNamesKeyAndName);
	CPPUNIT_TEST_SUITE_END();

public:
	void testBlanksIgnoredRepeatsOnce()
	{
		std::vector<std::string> names = Profiles::parseList(" accounts, ,auth-service,accounts ,");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), names.size());
		CPPUNIT_ASSERT_EQUAL(std::string("accounts"), names[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("auth-service"), names[1]);
		CPPUNIT_ASSERT(Profiles::parseList("").empty());
		CPPUNIT_ASSERT(Profiles::find("phone")->style == Style::FastApi);
	}

	void testUnknownNameNamesKeyAndName()
	{
		try
		{
			Profiles::parseList("accounts,acounts");
			CPPUNIT_FAIL("accepted an unknown profile");
		}
		catch (ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("compat.profiles"), exc.key());
			CPPUNIT_ASSERT(exc.message().find("'acounts'") != std::string::npos);
		}
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(ProfilesTest);
