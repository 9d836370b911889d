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
	CPPUNIT_TEST(testFinding6BackOffStopsAtFifteenMinutesByDefault);
	CPPUNIT_TEST(testFinding6LockoutSparesTheOwnersKnownAddress);
	CPPUNIT_TEST(testFinding6ResetClearsTheLocksOfEveryAddress);
	CPPUNIT_TEST(testFinding4SessionFailuresReachTheThreshold);
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

	static int lockedFor(RateLimiter& limiter, const std::string& email, const std::string& ip)
	{
		try
		{
			limiter.checkLockout(email, ip);
		}
		catch (AuthException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::AccountLocked);
			return exc.retryAfter();
		}
		return 0;
	}

	void testFinding6BackOffStopsAtFifteenMinutesByDefault()
	{
		// Issue 17 finding 6: the doubling used to reach an hour, so one
		// request an hour kept any account locked.
		CPPUNIT_ASSERT_EQUAL(900, RateLimitSettings::defaults().lockoutMax);
		MemoryCache cache;
		RateLimiter limiter(cache, RateLimitSettings::defaults());
		for (int i = 0; i < 20; ++i) limiter.recordFailure("victim@example.com", "203.0.113.9");
		int seconds = lockedFor(limiter, "victim@example.com", "203.0.113.9");
		CPPUNIT_ASSERT(seconds > 890 && seconds <= 900);
	}

	void testFinding6LockoutSparesTheOwnersKnownAddress()
	{
		MemoryCache cache;
		RateLimitSettings settings = RateLimitSettings::defaults();
		settings.lockoutThreshold = 3;
		RateLimiter limiter(cache, settings);
		limiter.recordSuccess("owner@example.com", "198.51.100.10"); // the owner's usual address
		for (int i = 0; i < 3; ++i) limiter.recordFailure("owner@example.com", "203.0.113.66");
		CPPUNIT_ASSERT(lockedFor(limiter, "owner@example.com", "203.0.113.66") > 0);  // the attacker
		CPPUNIT_ASSERT(lockedFor(limiter, "owner@example.com", "192.0.2.50") > 0);    // any stranger (NIST §5.2.2 cap)
		CPPUNIT_ASSERT_EQUAL(0, lockedFor(limiter, "owner@example.com", "198.51.100.10")); // the owner
		// The owner's address has its own lock: guessing from there stops too.
		for (int i = 0; i < 3; ++i) limiter.recordFailure("owner@example.com", "198.51.100.10");
		CPPUNIT_ASSERT(lockedFor(limiter, "owner@example.com", "198.51.100.10") > 0);
		// With the exemption off, the account-wide lock holds everywhere.
		MemoryCache cache2;
		settings.lockoutKnownAddress = 0;
		RateLimiter strict(cache2, settings);
		strict.recordSuccess("owner@example.com", "198.51.100.10");
		for (int i = 0; i < 3; ++i) strict.recordFailure("owner@example.com", "203.0.113.66");
		CPPUNIT_ASSERT(lockedFor(strict, "owner@example.com", "198.51.100.10") > 0);
	}

	void testFinding6ResetClearsTheLocksOfEveryAddress()
	{
		MemoryCache cache;
		RateLimitSettings settings = RateLimitSettings::defaults();
		settings.lockoutThreshold = 2;
		RateLimiter limiter(cache, settings);
		for (const char* ip: {"203.0.113.1", "203.0.113.2"})
			for (int i = 0; i < 2; ++i) limiter.recordFailure("a@example.com", ip);
		CPPUNIT_ASSERT(lockedFor(limiter, "a@example.com", "203.0.113.1") > 0);
		limiter.clearLockout("a@example.com");
		CPPUNIT_ASSERT_EQUAL(0, lockedFor(limiter, "a@example.com", "203.0.113.1"));
		CPPUNIT_ASSERT_EQUAL(0, lockedFor(limiter, "a@example.com", "203.0.113.2"));
		limiter.recordFailure("a@example.com", "203.0.113.1"); // counting starts again from zero
		CPPUNIT_ASSERT_EQUAL(0, lockedFor(limiter, "a@example.com", "203.0.113.1"));
	}

	void testFinding4SessionFailuresReachTheThreshold()
	{
		MemoryCache cache;
		RateLimitSettings settings = RateLimitSettings::defaults();
		RateLimiter limiter(cache, settings);
		for (int i = 1; i < settings.lockoutThreshold; ++i) CPPUNIT_ASSERT(!limiter.recordSessionFailure("sid-1"));
		CPPUNIT_ASSERT(!limiter.recordSessionFailure("sid-2"));
		CPPUNIT_ASSERT(limiter.recordSessionFailure("sid-1"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(RateLimiterTest);
