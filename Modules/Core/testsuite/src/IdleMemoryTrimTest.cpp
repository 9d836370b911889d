//
// IdleMemoryTrimTest.cpp
//
// The trim runs once per quiet period after activity, and malloc_trim(0)
// really returns the free pages glibc kept (malloc_trim(3)).
//


#include "AuthServer/Core/IdleMemoryTrim.h"
#include <cppunit/extensions/HelperMacros.h>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>
#include <unistd.h>
#include <malloc.h>
#include <sys/wait.h>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>


using AuthServer::Core::IdleMemoryTrim;
using std::chrono::milliseconds;


namespace
{
	int heaps()
	{
		// malloc_info(3): one <heap nr="..."> element per arena.
		char* text = nullptr;
		std::size_t size = 0;
		FILE* out = ::open_memstream(&text, &size);
		::malloc_info(0, out);
		std::fclose(out);
		int n = 0;
		for (const char* p = text; (p = std::strstr(p, "<heap nr=")); ++p) ++n;
		std::free(text);
		return n;
	}

	int contendedHeaps(bool limit)
		/// Returns the arenas after 8 threads allocated at once, counted
		/// in a forked child (arenas outlive their threads); limit: with
		/// limitArenas(1) first. -1 when the child failed.
	{
		pid_t child = ::fork();
		if (child == 0)
		{
			if (limit && !IdleMemoryTrim::limitArenas(1)) ::_exit(255);
			std::atomic<bool> go{false};
			std::vector<std::thread> threads;
			for (int t = 0; t < 8; ++t)
				threads.emplace_back([&go]
				{
					while (!go) std::this_thread::yield();
					for (int i = 0; i < 200000; ++i) std::free(std::malloc(64 + i % 512));
				});
			go = true;
			for (std::thread& t: threads) t.join();
			::_exit(std::min(heaps(), 254));
		}
		int status = 0;
		::waitpid(child, &status, 0);
		return WIFEXITED(status) && WEXITSTATUS(status) != 255 ? WEXITSTATUS(status) : -1;
	}

	long residentBytes()
	{
		// /proc/self/statm, second field: resident pages (proc(5)).
		std::ifstream statm("/proc/self/statm");
		long size = 0, resident = 0;
		statm >> size >> resident;
		return resident * ::sysconf(_SC_PAGESIZE);
	}
}


class IdleMemoryTrimTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(IdleMemoryTrimTest);
	CPPUNIT_TEST(testTrimsOnceAfterTheQuietPeriod);
	CPPUNIT_TEST(testActivityRestartsTheQuietPeriod);
	CPPUNIT_TEST(testNoTrimWithoutActivityOrWhenOff);
	CPPUNIT_TEST(testMallocTrimReturnsFreedPages);
	CPPUNIT_TEST(testArenaLimitHoldsUnderContention);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTrimsOnceAfterTheQuietPeriod()
	{
		int calls = 0;
		IdleMemoryTrim trim(milliseconds(2000), [&] { ++calls; });
		auto t0 = IdleMemoryTrim::Clock::time_point() + std::chrono::hours(1);
		trim.activity();
		CPPUNIT_ASSERT(!trim.tick(t0));
		CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(1999)));
		CPPUNIT_ASSERT(trim.tick(t0 + milliseconds(2000)));
		CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(4000)));
		CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(60000)));
		CPPUNIT_ASSERT_EQUAL(1, calls);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), trim.trims());
	}

	void testActivityRestartsTheQuietPeriod()
	{
		int calls = 0;
		IdleMemoryTrim trim(milliseconds(1000), [&] { ++calls; });
		auto t0 = IdleMemoryTrim::Clock::time_point() + std::chrono::hours(1);
		for (int i = 0; i < 50; ++i)
		{
			// Busy every tick for 5 s: never quiet long enough.
			trim.activity();
			CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(100 * i)));
		}
		CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(4900 + 999)));
		CPPUNIT_ASSERT(trim.tick(t0 + milliseconds(4900 + 1000)));
		trim.activity();
		CPPUNIT_ASSERT(!trim.tick(t0 + milliseconds(7000)));
		CPPUNIT_ASSERT(trim.tick(t0 + milliseconds(8000)));
		CPPUNIT_ASSERT_EQUAL(2, calls);
	}

	void testNoTrimWithoutActivityOrWhenOff()
	{
		int calls = 0;
		auto t0 = IdleMemoryTrim::Clock::time_point() + std::chrono::hours(1);
		IdleMemoryTrim idle(milliseconds(1000), [&] { ++calls; });
		for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT(!idle.tick(t0 + milliseconds(100 * i)));
		IdleMemoryTrim off(milliseconds(0), [&] { ++calls; });
		off.activity();
		for (int i = 0; i < 100; ++i) CPPUNIT_ASSERT(!off.tick(t0 + milliseconds(100 * i)));
		CPPUNIT_ASSERT_EQUAL(0, calls);
	}

	void testArenaLimitHoldsUnderContention()
	{
		// Without the limit, 8 threads allocating at once get arenas of
		// their own; with limitArenas(1) they all share the main arena.
		int before = heaps();
		int unlimited = contendedHeaps(false), limited = contendedHeaps(true);
		CPPUNIT_ASSERT(unlimited > before);
		CPPUNIT_ASSERT(limited >= 1);
		CPPUNIT_ASSERT(limited <= std::max(before, 1));
	}

	void testMallocTrimReturnsFreedPages()
	{
#if defined(__GLIBC__)
		// 64 MiB in 4 KiB chunks (below the mmap threshold: from the heap),
		// written so they are resident; all freed but the last, which pins
		// the top of the heap so free() alone cannot shrink it.
		const std::size_t CHUNK = 4096, COUNT = 16384;
		std::vector<char*> chunks;
		chunks.reserve(COUNT);
		for (std::size_t i = 0; i < COUNT; ++i)
		{
			char* p = static_cast<char*>(std::malloc(CHUNK));
			CPPUNIT_ASSERT(p != nullptr);
			std::memset(p, static_cast<int>(i), CHUNK);
			chunks.push_back(p);
		}
		for (std::size_t i = 0; i + 1 < COUNT; ++i) std::free(chunks[i]);
		long before = residentBytes();
		IdleMemoryTrim::mallocTrim();
		long after = residentBytes();
		std::free(chunks.back());
		CPPUNIT_ASSERT_MESSAGE("RSS " + std::to_string(before) + " -> " + std::to_string(after) + " bytes", before - after >= 32L * 1024 * 1024);
#endif
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(IdleMemoryTrimTest);
