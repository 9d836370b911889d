//
// CorsPolicyTest.cpp
//
// The CORS origin allow list (OWASP ASVS 14.5.3) without HTTP.
//


#include "AuthServer/Http/CorsPolicy.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Http::CorsPolicy;


class CorsPolicyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CorsPolicyTest);
	CPPUNIT_TEST(testOffByDefault);
	CPPUNIT_TEST(testExactOriginsOnly);
	CPPUNIT_TEST(testWildcardNullAndMalformedRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	void testOffByDefault()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
		CorsPolicy policy = CorsPolicy::fromConfig(*config);
		CPPUNIT_ASSERT(!policy.enabled());
		CPPUNIT_ASSERT(!policy.allows("https://app.example.com"));
		CPPUNIT_ASSERT(!CorsPolicy().enabled());
	}

	void testExactOriginsOnly()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
		config->setString("http.cors.allowedOrigins", "https://app.example.com, http://localhost:3000");
		CorsPolicy policy = CorsPolicy::fromConfig(*config);
		CPPUNIT_ASSERT(policy.enabled());
		CPPUNIT_ASSERT(policy.allows("https://app.example.com"));
		CPPUNIT_ASSERT(policy.allows("http://localhost:3000"));
		CPPUNIT_ASSERT(!policy.allows("http://app.example.com"));
		CPPUNIT_ASSERT(!policy.allows("https://app.example.com.evil.test"));
		CPPUNIT_ASSERT(!policy.allows("https://app.example.com/"));
		CPPUNIT_ASSERT(!policy.allows("null"));
		CPPUNIT_ASSERT(!policy.allows("*"));
		CPPUNIT_ASSERT(!policy.allows(""));
	}

	void testWildcardNullAndMalformedRefused()
	{
		for (const char* bad: {"*", "null", "app.example.com", "https://app.example.com/", "https://app.example.com/x",
			"ftp://example.com", "https://user@example.com", "https://example.com?x=1"})
		{
			CPPUNIT_ASSERT_THROW_MESSAGE(bad, CorsPolicy(std::vector<std::string>{bad}), AuthServer::Core::ConfigurationException);
		}
		CPPUNIT_ASSERT_NO_THROW(CorsPolicy(std::vector<std::string>{"https://example.com:8443"}));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CorsPolicyTest);
