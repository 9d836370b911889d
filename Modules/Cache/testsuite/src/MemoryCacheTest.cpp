//
// MemoryCacheTest.cpp
//


#include "AuthServer/Cache/MemoryCache.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>


using namespace AuthServer::Cache;


class MemoryCacheTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MemoryCacheTest);
	CPPUNIT_TEST(testSetGetRemove);
	CPPUNIT_TEST(testEntriesExpire);
	CPPUNIT_TEST(testAddOnlyWhenAbsent);
	CPPUNIT_TEST(testIncrementIsAtomicAcrossThreads);
	CPPUNIT_TEST(testNonPositiveTtlRefused);
	CPPUNIT_TEST(testSweepExpiredDropsEntriesWithoutWrites);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSetGetRemove()
	{
		MemoryCache cache;
		CPPUNIT_ASSERT(!cache.get("k"));
		cache.set("k", "v", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("v"), *cache.get("k"));
		cache.set("k", "w", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("w"), *cache.get("k"));
		CPPUNIT_ASSERT(cache.remove("k"));
		CPPUNIT_ASSERT(!cache.remove("k"));
		CPPUNIT_ASSERT(!cache.get("k"));
	}

	void testEntriesExpire()
	{
		MemoryCache cache;
		cache.set("short", "v", 1);
		cache.set("long", "v", 60);
		std::this_thread::sleep_for(std::chrono::milliseconds(1100));
		CPPUNIT_ASSERT(!cache.get("short"));
		CPPUNIT_ASSERT(cache.get("long"));
		CPPUNIT_ASSERT(cache.add("short", "again", 60));
	}

	void testAddOnlyWhenAbsent()
	{
		MemoryCache cache;
		CPPUNIT_ASSERT(cache.add("k", "first", 60));
		CPPUNIT_ASSERT(!cache.add("k", "second", 60));
		CPPUNIT_ASSERT_EQUAL(std::string("first"), *cache.get("k"));
	}

	void testIncrementIsAtomicAcrossThreads()
	{
		MemoryCache cache;
		std::vector<std::thread> threads;
		for (int t = 0; t < 8; ++t)
			threads.emplace_back([&cache] { for (int i = 0; i < 1000; ++i) cache.increment("counter", 60); });
		for (auto& thread: threads) thread.join();
		CPPUNIT_ASSERT_EQUAL(std::string("8000"), *cache.get("counter"));
	}

	void testSweepExpiredDropsEntriesWithoutWrites()
	{
		// Expired entries were only dropped when read or every 1024 writes
		// to their shard: after a burst of refreshes (one grace entry each,
		// 15 s) the idle server kept them all. sweepExpired() (called when
		// the server is quiet) drops them, and only them.
		MemoryCache cache;
		for (int i = 0; i < 500; ++i) cache.set("short" + std::to_string(i), "v", 1);
		cache.set("long", "v", 60);
		CPPUNIT_ASSERT_EQUAL(std::size_t(501), cache.size());
		std::this_thread::sleep_for(std::chrono::milliseconds(1100));
		CPPUNIT_ASSERT_EQUAL(std::size_t(501), cache.size()); // held until swept
		cache.sweepExpired();
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache.size());
		CPPUNIT_ASSERT_EQUAL(std::string("v"), *cache.get("long"));
	}

	void testNonPositiveTtlRefused()
	{
		MemoryCache cache;
		CPPUNIT_ASSERT_THROW(cache.set("k", "v", 0), Poco::InvalidArgumentException);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(MemoryCacheTest);
