//
// RateLimiterTest.cpp
//
// The sliding-window counter of RateLimiter (OWASP ASVS 2.2.1, NIST SP
// 800-63B §5.2.2): no burst of 2 x limit across a window boundary, and a
// Retry-After that tells the truth.
//


#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "ProblemAssert.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Cache::MemoryCache;
using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Identity::RateLimiter;
using AuthServer::Identity::RateLimitSettings;


class RateLimiterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(RateLimiterTest);
	CPPUNIT_TEST(testWithinOneWindow);
	CPPUNIT_TEST(testPreviousWindowWeighsIn);
	CPPUNIT_TEST(testRetryAfterIsWhenOneMorePasses);
	CPPUNIT_TEST(testLimiterRefusesOverLimitPerSubject);
	CPPUNIT_TEST(testDisabledNeverRefuses);
	CPPUNIT_TEST_SUITE_END();

public:
	void testWithinOneWindow()
	{
		CPPUNIT_ASSERT(RateLimiter::decide(0, 4, 4, 60, 10).allowed);
		RateLimiter::Decision d = RateLimiter::decide(0, 5, 4, 60, 10);
		CPPUNIT_ASSERT(!d.allowed);
		// Next window: 5 * (60 - t) / 60 + 1 <= 4 from t = 24 on; 50 s to get there.
		CPPUNIT_ASSERT_EQUAL(74, d.retryAfter);
	}

	void testPreviousWindowWeighsIn()
	{
		// The burst a fixed window let through: 4 just before the boundary,
		// the 5th just after it.
		CPPUNIT_ASSERT(!RateLimiter::decide(4, 1, 4, 60, 0).allowed);
		CPPUNIT_ASSERT(!RateLimiter::decide(4, 1, 4, 60, 1).allowed);
		// Once most of the old window has slid out, requests pass again.
		CPPUNIT_ASSERT(RateLimiter::decide(4, 1, 4, 60, 45).allowed);
		CPPUNIT_ASSERT(RateLimiter::decide(4, 2, 4, 60, 30).allowed);   // 2 + 2 = 4
		CPPUNIT_ASSERT(!RateLimiter::decide(4, 3, 4, 60, 30).allowed);  // 2 + 3 = 5
	}

	void testRetryAfterIsWhenOneMorePasses()
	{
		// 4 * (60 - t) / 60 + 2 <= 4 from t = 30: 30 s after the boundary.
		RateLimiter::Decision d = RateLimiter::decide(4, 1, 4, 60, 0);
		CPPUNIT_ASSERT_EQUAL(30, d.retryAfter);
		CPPUNIT_ASSERT(RateLimiter::decide(4, 2, 4, 60, d.retryAfter).allowed);
		CPPUNIT_ASSERT(!RateLimiter::decide(4, 2, 4, 60, d.retryAfter - 1).allowed);
		// Limit 1: the whole next window must pass.
		CPPUNIT_ASSERT_EQUAL(120, RateLimiter::decide(0, 2, 1, 60, 0).retryAfter);
		for (int e = 0; e < 60; ++e)
		{
			RateLimiter::Decision r = RateLimiter::decide(7, 9, 8, 60, e);
			if (r.allowed) continue;
			CPPUNIT_ASSERT(r.retryAfter >= 1 && r.retryAfter <= 120);
		}
	}

	void testLimiterRefusesOverLimitPerSubject()
	{
		MemoryCache cache;
		RateLimitSettings settings = RateLimitSettings::defaults();
		settings.buckets["login"] = RateLimitSettings::Bucket{3, 0, 3600};
		RateLimiter limiter(cache, settings);
		for (int i = 0; i < 3; ++i) limiter.checkIp("login", "192.0.2.1");
		try
		{
			limiter.checkIp("login", "192.0.2.1");
			CPPUNIT_FAIL("the 4th request within the window passed");
		}
		catch (AuthException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::RateLimited);
			CPPUNIT_ASSERT(exc.retryAfter() >= 1 && exc.retryAfter() <= 7200);
		}
		// Another address has its own counter; a bucket limit of 0 is off.
		limiter.checkIp("login", "192.0.2.2");
		for (int i = 0; i < 10; ++i) limiter.checkAccount("login", "a@example.com");
	}

	void testDisabledNeverRefuses()
	{
		MemoryCache cache;
		RateLimitSettings settings = RateLimitSettings::defaults();
		settings.enabled = false;
		settings.buckets["login"] = RateLimitSettings::Bucket{1, 1, 60};
		RateLimiter limiter(cache, settings);
		for (int i = 0; i < 5; ++i)
		{
			limiter.checkIp("login", "192.0.2.1");
			limiter.checkAccount("login", "a@example.com");
		}
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(RateLimiterTest);
