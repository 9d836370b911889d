//
// FallbackCacheTest.cpp
//
// The rate-limit cache keeps counting in-process while the shared cache is
// down (issue 16.8) and returns to it once it answers.
//


#include "AuthServer/Cache/FallbackCache.h"
#include "AuthServer/Cache/MemoryCache.h"
#include "Poco/Exception.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer::Cache;


namespace
{
	class SwitchableCache: public MemoryCache
		/// A MemoryCache that throws Poco::IOException, as RedisCache does,
		/// while down.
	{
	public:
		bool down = false;
		int calls = 0;

		std::optional<std::string> get(const std::string& key) override { hit(); return MemoryCache::get(key); }
		void set(const std::string& key, const std::string& value, int ttl) override { hit(); MemoryCache::set(key, value, ttl); }
		bool add(const std::string& key, const std::string& value, int ttl) override { hit(); return MemoryCache::add(key, value, ttl); }
		bool remove(const std::string& key) override { hit(); return MemoryCache::remove(key); }
		Poco::Int64 increment(const std::string& key, int ttl) override { hit(); return MemoryCache::increment(key, ttl); }
		std::string name() const override { return "redis"; }

	private:
		void hit()
		{
			++calls;
			if (down) throw Poco::IOException("redis 127.0.0.1:6379 unavailable");
		}
	};
}


class FallbackCacheTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(FallbackCacheTest);
	CPPUNIT_TEST(testForwardsWhileThePrimaryAnswers);
	CPPUNIT_TEST(testCountsInProcessWhileThePrimaryIsDown);
	CPPUNIT_TEST(testProbesThePrimaryAtMostOncePerInterval);
	CPPUNIT_TEST(testReturnsToThePrimaryOnceItAnswers);
	CPPUNIT_TEST_SUITE_END();

public:
	void testForwardsWhileThePrimaryAnswers()
	{
		SwitchableCache primary;
		FallbackCache cache(primary);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), cache.increment("n", 60));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), *primary.get("n"));
		CPPUNIT_ASSERT(!cache.fallingBack());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), cache.fallbackCalls());
	}

	void testCountsInProcessWhileThePrimaryIsDown()
	{
		SwitchableCache primary;
		FallbackCache cache(primary, 0);
		primary.down = true;
		// Before: RateLimiter swallowed the IOException and let every
		// request through. Now the count goes on, in this process.
		for (Poco::Int64 i = 1; i <= 5; ++i) CPPUNIT_ASSERT_EQUAL(i, cache.increment("n", 60));
		CPPUNIT_ASSERT(cache.fallingBack());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(5), cache.fallbackCalls());
		cache.set("lock", "x", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("x"), *cache.get("lock"));
		CPPUNIT_ASSERT(cache.remove("lock"));
	}

	void testProbesThePrimaryAtMostOncePerInterval()
	{
		SwitchableCache primary;
		FallbackCache cache(primary, 3600);
		primary.down = true;
		for (int i = 0; i < 10; ++i) cache.increment("n", 60);
		CPPUNIT_ASSERT_EQUAL(1, primary.calls);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(10), cache.fallbackCalls());
	}

	void testReturnsToThePrimaryOnceItAnswers()
	{
		SwitchableCache primary;
		FallbackCache cache(primary, 0);
		primary.down = true;
		cache.increment("n", 60);
		CPPUNIT_ASSERT(cache.fallingBack());
		primary.down = false;
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), cache.increment("m", 60));
		CPPUNIT_ASSERT(!cache.fallingBack());
		CPPUNIT_ASSERT_EQUAL(std::string("1"), *primary.get("m"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(FallbackCacheTest);
