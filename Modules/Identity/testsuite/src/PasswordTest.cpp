//
// PasswordTest.cpp
//
// Argon2id hashing, the NIST password policy and the bounded hashing pool.
//


#include "AuthServer/Identity/BreachedPasswordList.h"
#include "AuthServer/Identity/HashingPool.h"
#include "AuthServer/Identity/PasswordHasher.h"
#include "AuthServer/Identity/PasswordPolicy.h"
#include "AuthServer/Identity/UnicodeText.h"
#include "ProblemAssert.h"
#include "Poco/Environment.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include "Poco/FileStream.h"
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <thread>


using namespace AuthServer::Identity;
using AuthServer::Core::Problem;


namespace
{
	std::string listFile()
	{
		return Poco::Path(Poco::Environment::get("AUTHSERVER_BINARY_DIR", ".")).append("share/common-passwords.txt").toString();
	}
}


class PasswordTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PasswordTest);
	CPPUNIT_TEST(testHashIsArgon2idPhcAtConfiguredCost);
	CPPUNIT_TEST(testVerify);
	CPPUNIT_TEST(testNoTruncation);
	CPPUNIT_TEST(testNeedsRehash);
	CPPUNIT_TEST(testLengthCountsCodePoints);
	CPPUNIT_TEST(testCommonPasswordRefused);
	CPPUNIT_TEST(testContextSpecificPasswordRefused);
	CPPUNIT_TEST(testShippedListHasAtLeast100000Entries);
	CPPUNIT_TEST(testBreachedListFoldsCaseAndUnicode);
	CPPUNIT_TEST(testBreachedListIsCompact);
	CPPUNIT_TEST(testServiceNameRefused);
	CPPUNIT_TEST(testInvalidUtf8Refused);
	CPPUNIT_TEST(testFinding10ComparisonFormAndControls);
	CPPUNIT_TEST(testPoolRefusesWhenQueueFull);
	CPPUNIT_TEST(testPoolPropagatesExceptions);
	CPPUNIT_TEST_SUITE_END();

public:
	void testHashIsArgon2idPhcAtConfiguredCost()
	{
		PasswordHasher hasher(PasswordHasher::Cost{19456, 2, 1});
		std::string phc = hasher.hash("correct horse battery staple");
		CPPUNIT_ASSERT(phc.compare(0, 31, "$argon2id$v=19$m=19456,t=2,p=1$") == 0);
		CPPUNIT_ASSERT(phc != hasher.hash("correct horse battery staple")); // random salt
	}

	void testVerify()
	{
		PasswordHasher hasher(PasswordHasher::Cost{1024, 1, 1});
		std::string phc = hasher.hash("s3cret-Passphrase");
		CPPUNIT_ASSERT(hasher.verify(phc, "s3cret-Passphrase"));
		CPPUNIT_ASSERT(!hasher.verify(phc, "s3cret-passphrase"));
		CPPUNIT_ASSERT(!hasher.verify("garbage", "s3cret-Passphrase"));
		CPPUNIT_ASSERT(!hasher.verify("$argon2id$v=19$m=1024,t=1,p=1$bad", "x"));
	}

	void testNoTruncation()
	{
		PasswordHasher hasher(PasswordHasher::Cost{1024, 1, 1});
		std::string longPassword(200, 'a');
		std::string phc = hasher.hash(longPassword + "X");
		CPPUNIT_ASSERT(!hasher.verify(phc, longPassword + "Y"));
		CPPUNIT_ASSERT(hasher.verify(phc, longPassword + "X"));
	}

	void testNeedsRehash()
	{
		PasswordHasher cheap(PasswordHasher::Cost{1024, 1, 1});
		PasswordHasher strong(PasswordHasher::Cost{19456, 2, 1});
		CPPUNIT_ASSERT(strong.needsRehash(cheap.hash("x")));
		CPPUNIT_ASSERT(!cheap.needsRehash(cheap.hash("x")));
	}

	void testLengthCountsCodePoints()
	{
		PasswordPolicy policy(8, 128, listFile());
		CPPUNIT_ASSERT_NO_THROW(policy.check("ñandúñandú", "password"));        // 10 code points
		ASSERT_PROBLEM(policy.check("😀😀😀😀😀😀😀", "password"), Problem::WeakPassword); // 7 code points, 28 bytes
		CPPUNIT_ASSERT_NO_THROW(policy.check("😀😀😀😀😀😀😀😀", "password"));
		ASSERT_PROBLEM(policy.check(std::string(129, 'q'), "password"), Problem::WeakPassword);
		CPPUNIT_ASSERT_NO_THROW(policy.check(std::string(128, 'q'), "password"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), PasswordPolicy::codePoints("aé😀z"));
	}

	void testCommonPasswordRefused()
	{
		PasswordPolicy policy(8, 128, listFile());
		CPPUNIT_ASSERT(policy.listSize() >= 100000);
		ASSERT_PROBLEM(policy.check("password", "password"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("PassWord", "password"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("12345678", "password"), Problem::WeakPassword);
		CPPUNIT_ASSERT_NO_THROW(policy.check("violet tuba on the stairs", "password"));
	}

	void testContextSpecificPasswordRefused()
	{
		PasswordPolicy policy(8, 128, listFile());
		ASSERT_PROBLEM(policy.check("adalovelace", "password", "adalovelace@example.com"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("Ada Lovelace", "password", "ada@example.com", "Ada Lovelace"), Problem::WeakPassword);
		CPPUNIT_ASSERT_NO_THROW(policy.check("analytical engine 1843", "password", "ada@example.com", "Ada Lovelace"));
		// the whole address, a name word, derivatives of the local part and the joined name
		ASSERT_PROBLEM(policy.check("Ada@Example.com", "password", "ada@example.com", "Ada Lovelace"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("LOVELACE", "password", "ada@example.com", "Ada Lovelace"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("ada.lovelace1815", "password", "ada.lovelace@example.com", "A L"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("my adalovelace!", "password", "x@example.com", "Ada Lovelace"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("Ünïcödé Nämé", "password", "u@example.com", "ÜNÏCÖDÉ NÄMÉ"), Problem::WeakPassword);
		// a short local part or one name word inside a passphrase is fine
		CPPUNIT_ASSERT_NO_THROW(policy.check("ada counts bernoulli numbers", "password", "ada@example.com", "Ada Lovelace"));
		CPPUNIT_ASSERT(!policy.isContextSpecific("violet tuba on the stairs", "ada@example.com", "Ada Lovelace"));
	}

	void testShippedListHasAtLeast100000Entries()
	{
		BreachedPasswordList list(listFile());
		CPPUNIT_ASSERT(list.size() >= 100000);
		// entries from the breach corpus (OWASP SecLists top 1M), any case
		CPPUNIT_ASSERT(list.contains("trustno1"));
		CPPUNIT_ASSERT(list.contains("1q2w3e4r5t"));
		CPPUNIT_ASSERT(list.contains("LetMeIn123"));
		CPPUNIT_ASSERT(!list.contains("violet tuba on the stairs"));
	}

	void testBreachedListFoldsCaseAndUnicode()
	{
		Poco::TemporaryFile file;
		{
			Poco::FileOutputStream out(file.path());
			out << "Straße123\r\nÉCOLE-2024\n\nplain-words\n";
		}
		BreachedPasswordList list(file.path());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), list.size());
		CPPUNIT_ASSERT(list.contains("straße123"));
		CPPUNIT_ASSERT(list.contains("STRAßE123"));
		CPPUNIT_ASSERT(list.contains("école-2024"));
		CPPUNIT_ASSERT(list.contains("PLAIN-WORDS"));
		CPPUNIT_ASSERT(!list.contains("plain-word"));
		CPPUNIT_ASSERT(!list.contains(""));
		CPPUNIT_ASSERT_EQUAL(std::string("école"), BreachedPasswordList::fold("ÉCOLE"));
	}

	void testBreachedListIsCompact()
	{
		BreachedPasswordList list(listFile());
		// at most half full, at least a quarter: 8 bytes a slot
		CPPUNIT_ASSERT(list.memoryBytes() >= 2 * 8 * list.size());
		CPPUNIT_ASSERT(list.memoryBytes() <= 4 * 8 * list.size());
	}

	void testServiceNameRefused()
	{
		PasswordPolicy policy(8, 128, listFile(), "AuthServer");
		ASSERT_PROBLEM(policy.check("authserver", "password"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("MyAuthServer2026", "password"), Problem::WeakPassword);
		CPPUNIT_ASSERT_NO_THROW(policy.check("violet tuba on the stairs", "password"));
	}

	void testFinding10ComparisonFormAndControls()
	{
		// Issue 17 finding 10: NFKC, invisible code points, trimming and ASCII
		// lookalikes (Unicode TS #39) for the breached-list comparison.
		using AuthServer::Identity::UnicodeText;
		CPPUNIT_ASSERT_EQUAL(std::string("password1"), UnicodeText::passwordComparisonForm(" password1 "));
		CPPUNIT_ASSERT_EQUAL(std::string("password1"), UnicodeText::passwordComparisonForm("p\xD0\xB0ssword1"));          // Cyrillic a
		CPPUNIT_ASSERT_EQUAL(std::string("password1"), UnicodeText::passwordComparisonForm("pass\xE2\x80\x8Bword1"));     // U+200B
		CPPUNIT_ASSERT_EQUAL(std::string("password1"), UnicodeText::passwordComparisonForm("\xEF\xBD\x90" "assword1"));      // fullwidth p
		CPPUNIT_ASSERT_EQUAL(std::string(""), UnicodeText::passwordComparisonForm("\xE2\x80\x8B\xE2\x80\x8B \t"));
		CPPUNIT_ASSERT_EQUAL(std::string("Gr\xC3\xBC\xC3\x9F"), UnicodeText::passwordComparisonForm("Gr\xC3\xBC\xC3\x9F")); // accents kept
		CPPUNIT_ASSERT(UnicodeText::hasControlOrBidi("Eve\r\nX"));
		CPPUNIT_ASSERT(UnicodeText::hasControlOrBidi(std::string("Eve\0", 4)));
		CPPUNIT_ASSERT(UnicodeText::hasControlOrBidi("Eve\xE2\x80\xAE"));   // U+202E
		CPPUNIT_ASSERT(UnicodeText::hasControlOrBidi("Eve\xE2\x81\xA6"));   // U+2066
		CPPUNIT_ASSERT(!UnicodeText::hasControlOrBidi("Ada Lovelace-\xC3\x89mile \xD8\xB9\xD9\x84\xD9\x8A"));
		PasswordPolicy policy(8, 128, listFile());
		ASSERT_PROBLEM(policy.check("p\xD0\xB0ssword1 ", "password"), Problem::WeakPassword);
		ASSERT_PROBLEM(policy.check("\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B\xE2\x80\x8B", "password"), Problem::WeakPassword);
		policy.check("violet tuba 42", "password");
	}

	void testInvalidUtf8Refused()
	{
		PasswordPolicy policy(8, 128, listFile());
		ASSERT_PROBLEM(policy.check(std::string("abcdefgh\xff\xfe"), "password"), Problem::ValidationError);
	}

	void testPoolRefusesWhenQueueFull()
	{
		HashingPool pool(1, 1);
		std::mutex m;
		std::condition_variable cv;
		bool release = false;
		std::atomic<int> started{0};
		std::thread blocker([&] { pool.run<int>([&] { started = 1; std::unique_lock<std::mutex> l(m); cv.wait(l, [&] { return release; }); return 1; }); });
		while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(1));
		std::thread queued([&] { pool.run<int>([] { return 2; }); });
		while (pool.queueDepth() < 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
		try
		{
			pool.run<int>([] { return 3; });
			CPPUNIT_FAIL("job accepted by a full queue");
		}
		catch (AuthServer::Core::AuthException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(503, exc.status());
			CPPUNIT_ASSERT_EQUAL(1, exc.retryAfter());
		}
		{
			std::lock_guard<std::mutex> l(m);
			release = true;
		}
		cv.notify_all();
		blocker.join();
		queued.join();
		CPPUNIT_ASSERT_EQUAL(4, pool.run<int>([] { return 4; }));
	}

	void testPoolPropagatesExceptions()
	{
		HashingPool pool(2, 4);
		CPPUNIT_ASSERT_THROW(pool.run<int>([]() -> int { throw Poco::RuntimeException("boom"); }), Poco::RuntimeException);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(PasswordTest);
