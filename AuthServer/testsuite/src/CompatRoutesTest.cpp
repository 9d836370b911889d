//
// CompatRoutesTest.cpp
//
// The compatibility profiles' rows in the route table (Docs/COMPAT.md).
//


#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Core/AuthException.h"
#include <cppunit/extensions/HelperMacros.h>
#include <set>


using namespace AuthServer;


class CompatRoutesTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CompatRoutesTest);
	CPPUNIT_TEST(testProfilesOnlyAddRoutesAndNeverCollide);
	CPPUNIT_TEST(testRoutesOfProfilesOnOnly);
	CPPUNIT_TEST(testUnknownProfileNamesKey);
	CPPUNIT_TEST(testEveryKnownProfileIsBuilt);
	CPPUNIT_TEST_SUITE_END();

public:
	void testProfilesOnlyAddRoutesAndNeverCollide()
	{
		// Every built profile together: a row equal to a native route
		// (LogicException) or to another profile's (ConfigurationException)
		// fails here, so it fails the build's tests.
		std::vector<Http::Route> all = Http::RouteTable::withProfiles(Http::RouteTable::builtProfiles());
		std::set<std::string> seen;
		for (const Http::Route& route: all)
		{
			CPPUNIT_ASSERT_MESSAGE(route.method + " " + route.pattern, seen.insert(route.method + " " + route.pattern).second);
			CPPUNIT_ASSERT(route.pattern.back() != '/');
		}
		CPPUNIT_ASSERT(all.size() > Http::RouteTable::routes().size());
	}

	void testRoutesOfProfilesOnOnly()
	{
		std::vector<Http::Route> none = Http::RouteTable::withProfiles({});
		CPPUNIT_ASSERT_EQUAL(Http::RouteTable::routes().size(), none.size());
		std::vector<Http::Route> accounts = Http::RouteTable::withProfiles({"accounts"});
		bool login = false;
		for (const Http::Route& route: accounts)
		{
			if (route.pattern == "/api/accounts/login") login = route.profile == "accounts";
			CPPUNIT_ASSERT(route.profile != "auth-service");
		}
		CPPUNIT_ASSERT(login);
	}

	void testUnknownProfileNamesKey()
	{
		try
		{
			Http::RouteTable::withProfiles({"nope"});
			CPPUNIT_FAIL("accepted an unknown profile");
		}
		catch (Core::ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("compat.profiles"), exc.key());
		}
	}

	void testEveryKnownProfileIsBuilt()
	{
		// Docs/COMPAT.md names five profiles; each has its table, in the
		// order of Compat::Profiles::all().
		std::vector<std::string> built = Http::RouteTable::builtProfiles();
		const auto& known = Compat::Profiles::all();
		CPPUNIT_ASSERT_EQUAL(known.size(), built.size());
		for (std::size_t i = 0; i < known.size(); ++i) CPPUNIT_ASSERT_EQUAL(known[i].name, built[i]);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CompatRoutesTest);
