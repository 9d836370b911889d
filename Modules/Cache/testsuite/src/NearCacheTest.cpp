//
// NearCacheTest.cpp
//
// NearCache against a real redis-server this test starts on a free
// loopback port (without persistence, DEBUG allowed) and stops afterwards.
// "A" is the NearCache under test, "B" a plain RedisCache standing for
// another instance.
//


#include "AuthServer/Cache/NearCache.h"
#include "AuthServer/Cache/RedisCache.h"
#include "LoopbackRedis.h"
#include "Poco/Exception.h"
#include "Poco/Redis/Client.h"
#include "Poco/Thread.h"
#include <cppunit/extensions/HelperMacros.h>
#include <functional>
#include <memory>
#include <string>
#include <vector>


using namespace AuthServer::Cache;


namespace
{
	class RacingNearCache: public NearCache
		/// Runs a callback between the Redis read and the store, once.
	{
	public:
		explicit RacingNearCache(const Settings& settings): NearCache(settings) {}

		std::function<void()> race;

	protected:
		void afterRead() override
		{
			if (race)
			{
				auto f = race;
				race = nullptr;
				f();
			}
		}
	};
}


class NearCacheTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(NearCacheTest);
	CPPUNIT_TEST(testCachedMissSeesOtherInstanceWrite);
	CPPUNIT_TEST(testCachedValueSeesOtherInstanceDelete);
	CPPUNIT_TEST(testWarmReadsMakeNoRedisCommand);
	CPPUNIT_TEST(testWriteThenReadElsewhereIsNeverStale);
	CPPUNIT_TEST(testFlushAllFlushes);
	CPPUNIT_TEST(testRedisRestartBypassesThenRecovers);
	CPPUNIT_TEST(testReadRacingInvalidationIsNotStored);
	CPPUNIT_TEST(testEntryDoesNotOutliveRedisTtl);
	CPPUNIT_TEST(testEntryMaxAge);
	CPPUNIT_TEST(testEntryCountBounded);
	CPPUNIT_TEST(testOtherKeysAndCountersAreNotNearCached);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp()
	{
		_pRedis.reset(new LoopbackRedis({"--enable-debug-command", "yes"}));
		_pRedis->start();
	}

	void tearDown()
	{
		_pRedis.reset();
	}

	RedisCache::Settings redisSettings()
	{
		return _pRedis->settings();
	}

	NearCache::Settings nearSettings()
	{
		NearCache::Settings s;
		s.redis = redisSettings();
		s.families = {"jti:", "session:", "user:"};
		s.maxEntries = 1000;
		s.maxAge = 60;
		s.reconnectDelay = Poco::Timespan(0, 100000);
		return s;
	}

	static void waitTracking(NearCache& cache, bool on)
	{
		for (int i = 0; i < 100 && cache.tracking() != on; ++i) Poco::Thread::sleep(50); // at most 5 s
		CPPUNIT_ASSERT_EQUAL(on, cache.tracking());
	}

	static bool eventually(const std::function<bool()>& condition)
	{
		for (int i = 0; i < 100; ++i) // at most 5 s
		{
			if (condition()) return true;
			Poco::Thread::sleep(50);
		}
		return condition();
	}

	static void settled(NearCache& a, const std::function<void()>& write)
		/// Runs another client's write and waits until A's listener has
		/// applied its invalidation (else it may land during A's next read).
	{
		Poco::UInt64 before = a.counters().invalidations;
		write();
		CPPUNIT_ASSERT(eventually([&] { return a.counters().invalidations > before; }));
	}

	void redisCommand(const std::vector<std::string>& words)
	{
		Poco::Redis::Client client;
		client.connect("127.0.0.1", _pRedis->port());
		Poco::Redis::Array command;
		for (const std::string& w: words) command << w;
		client.sendCommand(command);
		client.disconnect();
	}

	Poco::Int64 readCommands()
		/// GET, MGET and EVAL calls since the last CONFIG RESETSTAT.
	{
		Poco::Redis::Client client;
		client.connect("127.0.0.1", _pRedis->port());
		Poco::Redis::Array info;
		info << "INFO" << "commandstats";
		std::string stats = client.execute<Poco::Redis::BulkString>(info).value();
		client.disconnect();
		Poco::Int64 total = 0;
		for (const char* name: {"cmdstat_get:calls=", "cmdstat_mget:calls=", "cmdstat_eval:calls="})
		{
			std::string::size_type at = stats.find(name);
			if (at != std::string::npos) total += std::stoll(stats.substr(at + std::string(name).size()));
		}
		return total;
	}

	void testCachedMissSeesOtherInstanceWrite()
	{
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		CPPUNIT_ASSERT(!a.get("jti:x"));
		CPPUNIT_ASSERT(!a.get("jti:x"));
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), a.counters().misses);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), a.counters().hits);
		b.set("jti:x", "revoked", 60);
		CPPUNIT_ASSERT(eventually([&] { auto v = a.get("jti:x"); return v && *v == "revoked"; }));
		// (The first read may already see it: an invalidation waiting on the
		// listener's socket sends the read to Redis before it is applied.)
		CPPUNIT_ASSERT(eventually([&] { return a.counters().invalidations >= 1; }));
	}

	void testCachedValueSeesOtherInstanceDelete()
	{
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		settled(a, [&] { b.set("session:s", "live", 60); });
		CPPUNIT_ASSERT_EQUAL(std::string("live"), *a.get("session:s"));
		CPPUNIT_ASSERT_EQUAL(std::string("live"), *a.get("session:s"));
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), a.counters().hits);
		b.remove("session:s");
		CPPUNIT_ASSERT(eventually([&] { return !a.get("session:s"); }));
	}

	void testWarmReadsMakeNoRedisCommand()
	{
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		settled(a, [&] { b.set("user:1", "{}", 60); });
		std::vector<std::string> keys = {"jti:j", "session:s", "user:1"};
		a.getMany(keys);
		redisCommand({"CONFIG", "RESETSTAT"});
		for (int i = 0; i < 100; ++i)
		{
			auto values = a.getMany(keys);
			CPPUNIT_ASSERT(!values[0] && !values[1] && values[2] && *values[2] == "{}");
		}
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), readCommands());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(300), a.counters().hits);
	}

	void testWriteThenReadElsewhereIsNeverStale()
	{
		// Immediate revocation: once B's write has returned, A's very next
		// read (no waiting) must see it, every time.
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		for (int i = 0; i < 200; ++i)
		{
			std::string key = "jti:" + std::to_string(i);
			CPPUNIT_ASSERT(!a.get(key));
			CPPUNIT_ASSERT(!a.get(key));
			b.set(key, "revoked", 60);
			CPPUNIT_ASSERT_MESSAGE("stale read at iteration " + std::to_string(i), a.get(key).has_value());
		}
	}

	void testFlushAllFlushes()
	{
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		settled(a, [&] { b.set("user:2", "{}", 60); });
		CPPUNIT_ASSERT(a.get("user:2"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), a.size());
		redisCommand({"FLUSHALL"});
		CPPUNIT_ASSERT(eventually([&] { return a.size() == 0; }));
		CPPUNIT_ASSERT(!a.get("user:2"));
	}

	void testRedisRestartBypassesThenRecovers()
	{
		NearCache a(nearSettings());
		waitTracking(a, true);
		settled(a, [&] { a.set("user:3", "{}", 60); });
		CPPUNIT_ASSERT(a.get("user:3"));
		CPPUNIT_ASSERT(a.get("user:3"));
		_pRedis->stop();
		waitTracking(a, false);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), a.size());
		// Bypassed: the read goes to (dead) Redis instead of the copy.
		CPPUNIT_ASSERT_THROW(a.get("user:3"), Poco::IOException);
		_pRedis->start();
		// The fresh server has no user:3: whether or not the listener is
		// back yet, the answer comes from Redis, never from an old copy.
		CPPUNIT_ASSERT(!a.get("user:3"));
		waitTracking(a, true);
		CPPUNIT_ASSERT(!a.get("user:3"));
		RedisCache b(redisSettings());
		b.set("user:3", "{\"new\":1}", 60);
		CPPUNIT_ASSERT(eventually([&] { auto v = a.get("user:3"); return v && *v == "{\"new\":1}"; }));
	}

	void testReadRacingInvalidationIsNotStored()
	{
		RacingNearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		settled(a, [&] { b.set("session:r", "old", 60); });
		Poco::UInt64 before = a.counters().invalidations;
		a.race = [&]
		{
			// After A read "old", B replaces it and A's listener applies the
			// invalidation before A stores what it read.
			b.set("session:r", "new", 60);
			for (int i = 0; i < 100 && a.counters().invalidations == before; ++i) Poco::Thread::sleep(50);
		};
		CPPUNIT_ASSERT_EQUAL(std::string("old"), *a.get("session:r"));
		CPPUNIT_ASSERT(a.counters().invalidations > before);
		CPPUNIT_ASSERT_EQUAL(std::string("new"), *a.get("session:r"));
	}

	void testEntryDoesNotOutliveRedisTtl()
	{
		// Active expiry off: Redis deletes the key (and sends the
		// invalidation) only when it is touched, so only the TTL read with
		// the value can end the copy in time.
		redisCommand({"DEBUG", "SET-ACTIVE-EXPIRE", "0"});
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		settled(a, [&] { b.set("jti:t", "revoked", 1); });
		CPPUNIT_ASSERT(a.get("jti:t"));
		CPPUNIT_ASSERT(a.get("jti:t"));
		Poco::UInt64 misses = a.counters().misses;
		Poco::Thread::sleep(1300);
		CPPUNIT_ASSERT(!a.get("jti:t"));
		CPPUNIT_ASSERT_EQUAL(misses + 1, a.counters().misses);
	}

	void testEntryMaxAge()
	{
		NearCache::Settings s = nearSettings();
		s.maxAge = 1;
		NearCache a(s);
		waitTracking(a, true);
		CPPUNIT_ASSERT(!a.get("jti:m"));
		CPPUNIT_ASSERT(!a.get("jti:m"));
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), a.counters().misses);
		Poco::Thread::sleep(1200);
		CPPUNIT_ASSERT(!a.get("jti:m"));
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), a.counters().misses);
	}

	void testEntryCountBounded()
	{
		NearCache::Settings s = nearSettings();
		s.maxEntries = 10;
		NearCache a(s);
		waitTracking(a, true);
		for (int i = 0; i < 50; ++i) a.get("jti:" + std::to_string(i));
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), a.size());
		// The most recent ten are kept, the older ones were evicted.
		Poco::UInt64 hits = a.counters().hits;
		a.get("jti:49");
		CPPUNIT_ASSERT_EQUAL(hits + 1, a.counters().hits);
		a.get("jti:0");
		CPPUNIT_ASSERT_EQUAL(hits + 1, a.counters().hits);
	}

	void testOtherKeysAndCountersAreNotNearCached()
	{
		NearCache a(nearSettings());
		RedisCache b(redisSettings());
		waitTracking(a, true);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), a.increment("rl:x", 60));
		CPPUNIT_ASSERT_EQUAL(std::string("1"), *a.get("rl:x"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), b.increment("rl:x", 60));
		CPPUNIT_ASSERT_EQUAL(std::string("2"), *a.get("rl:x"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), a.size());
		// This instance's own write replaces its copy at once.
		a.set("user:9", "a", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("a"), *a.get("user:9"));
		a.set("user:9", "b", 60);
		CPPUNIT_ASSERT_EQUAL(std::string("b"), *a.get("user:9"));
		CPPUNIT_ASSERT(a.remove("user:9"));
		CPPUNIT_ASSERT(!a.get("user:9"));
	}

private:
	std::unique_ptr<LoopbackRedis> _pRedis;
};


CPPUNIT_TEST_SUITE_REGISTRATION(NearCacheTest);
