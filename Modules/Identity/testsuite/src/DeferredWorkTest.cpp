//
// DeferredWorkTest.cpp
//
// The worker behind the equal timing of password/forgot,
// resend-verification and otp/request (issue 17 finding 5).
//


#include "AuthServer/Identity/DeferredWork.h"
#include "Poco/Exception.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>


using AuthServer::Identity::DeferredWork;


class DeferredWorkTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DeferredWorkTest);
	CPPUNIT_TEST(testFinding5JobRunsAfterThePostReturns);
	CPPUNIT_TEST(testJobsRunInOrderAndFailuresAreContained);
	CPPUNIT_TEST(testStopRunsTheQueuedJobs);
	CPPUNIT_TEST(testInlineModeRunsAtOnce);
	CPPUNIT_TEST(testFullQueueDropsTheJob);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFinding5JobRunsAfterThePostReturns()
	{
		// The posting request returns before any account work starts, and
		// the job waits its delay.
		DeferredWork work(false, 10, 50);
		std::atomic<bool> ran{false};
		auto start = std::chrono::steady_clock::now();
		std::chrono::steady_clock::time_point ranAt;
		work.post([&] { ranAt = std::chrono::steady_clock::now(); ran = true; });
		CPPUNIT_ASSERT(!ran);
		work.drain();
		CPPUNIT_ASSERT(ran);
		CPPUNIT_ASSERT(ranAt - start >= std::chrono::milliseconds(50));
	}

	void testJobsRunInOrderAndFailuresAreContained()
	{
		DeferredWork work(false, 10, 0);
		std::mutex mutex;
		std::vector<int> order;
		work.post([&] { std::lock_guard<std::mutex> l(mutex); order.push_back(1); });
		work.post([] { throw Poco::IOException("database down"); });
		work.post([] { throw std::runtime_error("bug"); });
		work.post([&] { std::lock_guard<std::mutex> l(mutex); order.push_back(2); });
		work.drain();
		CPPUNIT_ASSERT(order == std::vector<int>({1, 2}));
	}

	void testStopRunsTheQueuedJobs()
	{
		std::atomic<int> count{0};
		{
			DeferredWork work(false, 10, 60000); // due in a minute: stop() does not wait for it
			for (int i = 0; i < 3; ++i) work.post([&] { ++count; });
			auto start = std::chrono::steady_clock::now();
			work.stop();
			CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
			CPPUNIT_ASSERT_EQUAL(3, count.load());
			work.post([&] { ++count; }); // after stop: inline
			CPPUNIT_ASSERT_EQUAL(4, count.load());
		}
	}

	void testInlineModeRunsAtOnce()
	{
		DeferredWork work(true, 10, 1000);
		bool ran = false;
		work.post([&] { ran = true; });
		CPPUNIT_ASSERT(ran);
		work.drain();
	}

	void testFullQueueDropsTheJob()
	{
		std::atomic<int> count{0};
		DeferredWork work(false, 2, 200);
		for (int i = 0; i < 5; ++i) work.post([&] { ++count; });
		work.drain();
		CPPUNIT_ASSERT_EQUAL(2, count.load());
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(DeferredWorkTest);
