//
// RedisCacheTest.cpp
//
// RedisCache against a real redis-server this test starts on a free
// loopback port (without persistence) and stops afterwards.
//


#include "AuthServer/Cache/RedisCache.h"
#include "LoopbackRedis.h"
#include "Poco/Exception.h"
#include "Poco/Thread.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>


using namespace AuthServer::Cache;


class RedisCacheTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(RedisCacheTest);
	CPPUNIT_TEST(testSetGetRemove);
	CPPUNIT_TEST(testEntriesExpire);
	CPPUNIT_TEST(testGetManyIsOneMget);
	CPPUNIT_TEST(testAddOnlyWhenAbsentAcrossInstances);
	CPPUNIT_TEST(testIncrementIsAtomicAcrossInstances);
	CPPUNIT_TEST(testIncrementWindowExpires);
	CPPUNIT_TEST(testKeyPrefixSeparates);
	CPPUNIT_TEST(testNonPositiveTtlRefused);
	CPPUNIT_TEST(testDownThrowsIOExceptionAndRecovers);
	CPPUNIT_TEST(testStalePooledConnectionsDoNotFailAfterRestart);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp()
	{
		_pRedis.reset(new LoopbackRedis);
		_pRedis->start();
	}

	void tearDown()
	{
		_pRedis.reset();
	}

	RedisCache::Settings settings(const std::string& prefix = "test:")
	{
		return _pRedis->settings(prefix);
	}

	void testSetGetRemove()
	{
		RedisCache cache(settings());
		CPPUNIT_ASSERT(cache.ping());
		CPPUNIT_ASSERT(!cache.get("k"));
		cache.set("k", "v", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("v"), *cache.get("k"));
		cache.set("k", std::string("w\0x\r\n", 5), 60);
		CPPUNIT_ASSERT_EQUAL(std::string("w\0x\r\n", 5), *cache.get("k"));
		CPPUNIT_ASSERT(cache.remove("k"));
		CPPUNIT_ASSERT(!cache.remove("k"));
		CPPUNIT_ASSERT(!cache.get("k"));
		CPPUNIT_ASSERT_EQUAL(std::string("redis"), cache.name());
	}

	std::string commandStats()
	{
		Poco::Redis::Client client;
		client.connect("127.0.0.1", _pRedis->port());
		Poco::Redis::Array info;
		info << "INFO" << "commandstats";
		std::string stats = client.execute<Poco::Redis::BulkString>(info).value();
		client.disconnect();
		return stats;
	}

	void resetStats()
	{
		Poco::Redis::Client client;
		client.connect("127.0.0.1", _pRedis->port());
		Poco::Redis::Array reset;
		reset << "CONFIG" << "RESETSTAT";
		client.execute<std::string>(reset);
		client.disconnect();
	}

	void testGetManyIsOneMget()
	{
		// Issue 14: an authenticated request reads its blacklist entry,
		// session marker and user in one round trip.
		RedisCache cache(settings());
		cache.set("a", "1", 60);
		cache.set("c", std::string("3\0\r\n", 4), 60);
		resetStats();
		std::vector<std::optional<std::string>> values = cache.getMany({"a", "b", "c"});
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), values.size());
		CPPUNIT_ASSERT_EQUAL(std::string("1"), *values[0]);
		CPPUNIT_ASSERT(!values[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("3\0\r\n", 4), *values[2]);
		CPPUNIT_ASSERT(cache.getMany({}).empty());
		std::string stats = commandStats();
		CPPUNIT_ASSERT_MESSAGE(stats, stats.find("cmdstat_mget:calls=1,") != std::string::npos);
		CPPUNIT_ASSERT_MESSAGE(stats, stats.find("cmdstat_get:") == std::string::npos);
	}

	void testEntriesExpire()
	{
		RedisCache cache(settings());
		cache.set("short", "v", 1);
		cache.set("long", "v", 60);
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		CPPUNIT_ASSERT(!cache.get("short"));
		CPPUNIT_ASSERT(cache.get("long"));
		CPPUNIT_ASSERT(cache.add("short", "again", 60));
	}

	void testAddOnlyWhenAbsentAcrossInstances()
	{
		// Two caches stand for two AuthServer processes: 16 threads race
		// to add the same key; exactly one wins.
		RedisCache a(settings());
		RedisCache b(settings());
		std::atomic<int> wins(0);
		std::vector<std::thread> threads;
		for (int t = 0; t < 16; ++t)
		{
			threads.emplace_back([&, t]()
			{
				RedisCache& cache = (t % 2) ? a : b;
				if (cache.add("once", "thread" + std::to_string(t), 60)) ++wins;
			});
		}
		for (auto& th: threads) th.join();
		CPPUNIT_ASSERT_EQUAL(1, wins.load());
		CPPUNIT_ASSERT(!a.add("once", "late", 60));
	}

	void testIncrementIsAtomicAcrossInstances()
	{
		RedisCache a(settings());
		RedisCache b(settings());
		std::vector<std::thread> threads;
		std::mutex mutex;
		std::set<Poco::Int64> seen;
		for (int t = 0; t < 8; ++t)
		{
			threads.emplace_back([&, t]()
			{
				RedisCache& cache = (t % 2) ? a : b;
				for (int i = 0; i < 50; ++i)
				{
					Poco::Int64 v = cache.increment("counter", 60);
					std::lock_guard<std::mutex> lock(mutex);
					seen.insert(v);
				}
			});
		}
		for (auto& th: threads) th.join();
		CPPUNIT_ASSERT_EQUAL(std::size_t(400), seen.size());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), *seen.begin());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(400), *seen.rbegin());
	}

	void testIncrementWindowExpires()
	{
		// The TTL is set when the counter is created and not extended.
		RedisCache cache(settings());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), cache.increment("window", 1));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), cache.increment("window", 60));
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), cache.increment("window", 60));
	}

	void testKeyPrefixSeparates()
	{
		RedisCache a(settings("one:"));
		RedisCache b(settings("two:"));
		a.set("k", "a", 60);
		CPPUNIT_ASSERT(!b.get("k"));
		CPPUNIT_ASSERT(b.add("k", "b", 60));
		CPPUNIT_ASSERT_EQUAL(std::string("a"), *a.get("k"));
	}

	void testNonPositiveTtlRefused()
	{
		RedisCache cache(settings());
		CPPUNIT_ASSERT_THROW(cache.set("k", "v", 0), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT_THROW(cache.increment("k", -1), Poco::InvalidArgumentException);
	}

	void testDownThrowsIOExceptionAndRecovers()
	{
		RedisCache cache(settings());
		cache.set("k", "v", 60);
		_pRedis->stop();
		CPPUNIT_ASSERT(!cache.ping());
		CPPUNIT_ASSERT_THROW(cache.get("k"), Poco::IOException);
		CPPUNIT_ASSERT_THROW(cache.set("k", "v", 60), Poco::IOException);
		CPPUNIT_ASSERT_THROW(cache.increment("n", 60), Poco::IOException);
		_pRedis->start();
		CPPUNIT_ASSERT(cache.ping());
		CPPUNIT_ASSERT(!cache.get("k")); // a fresh server without persistence
		cache.set("k", "again", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("again"), *cache.get("k"));
	}

	void testStalePooledConnectionsDoNotFailAfterRestart()
	{
		// Fill the idle list with several connections, restart Redis: the
		// very first command afterwards must already succeed.
		RedisCache cache(settings());
		std::vector<std::thread> threads;
		for (int t = 0; t < 4; ++t)
			threads.emplace_back([&]() { for (int i = 0; i < 20; ++i) cache.increment("warm", 60); });
		for (auto& th: threads) th.join();
		_pRedis->stop();
		_pRedis->start();
		CPPUNIT_ASSERT(!cache.get("k"));
		cache.set("k", "v", 60);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), cache.increment("after", 60));
		cache.set("k", "again", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("again"), *cache.get("k"));
	}

private:
	std::unique_ptr<LoopbackRedis> _pRedis;
};


CPPUNIT_TEST_SUITE_REGISTRATION(RedisCacheTest);
