//
// LegacyTimingTest.cpp
//
// COMPAT.md "Timing" (OWASP ASVS 2.2 / 3.x, enumeration by timing): while
// accounts keep Django hashes, a login for an unknown email or for an
// account without a password lasts as long as one that checks the slowest
// Django hash class met; with none left, nothing waits.
//


#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include "AuthServer/Core/AuthException.h"
#include "IdentityFixture.h"
#include "Poco/Timestamp.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <chrono>
#include <thread>


using namespace AuthServer;
using namespace Poco::Data::Keywords;


namespace
{
	const std::string SLOW_HASH = "slow$250$saltsalt$hash";
	const Poco::Timestamp::TimeDiff SLOW_MICROSECONDS = 250000;

	class SlowVerifier: public Identity::LegacyPasswordVerifier
		/// A legacy hash whose check takes 250 ms (as PBKDF2 at 10^6
		/// iterations may), without spending CPU on a loaded test machine.
	{
	public:
		std::string scheme(const std::string& storedHash) const override
		{
			return storedHash.compare(0, 5, "slow$") == 0 ? "slow" : "";
		}

		bool verify(const std::string&, const std::string&) const override
		{
			std::this_thread::sleep_for(std::chrono::microseconds(SLOW_MICROSECONDS));
			return false;
		}
	};
}


class LegacyTimingTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(LegacyTimingTest);
	CPPUNIT_TEST(testUnknownEmailAndNoPasswordPaddedToSlowestDjangoClass);
	CPPUNIT_TEST(testNewClassMetAtLoginRaisesThePadding);
	CPPUNIT_TEST(testNoPaddingWhenNoDjangoHashIsLeft);
	CPPUNIT_TEST(testCostClassIsAlgorithmAndParameters);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUnknownEmailAndNoPasswordPaddedToSlowestDjangoClass()
	{
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_slow);
		withHash(f, "ada@example.com", SLOW_HASH);
		withHash(f, "bea@example.com", "");
		f.module().passwords().timing().setCounter([] { return std::int64_t(1); }, 60);
		f.module().passwords().calibrate({SLOW_HASH});
		CPPUNIT_ASSERT(loginTime(f, "ada@example.com") >= SLOW_MICROSECONDS);
		CPPUNIT_ASSERT(loginTime(f, "nobody@example.com") >= SLOW_MICROSECONDS);
		CPPUNIT_ASSERT(loginTime(f, "bea@example.com") >= SLOW_MICROSECONDS);
	}

	void testNewClassMetAtLoginRaisesThePadding()
	{
		// Not calibrated: the first login with the slow class times it.
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_slow);
		withHash(f, "ada@example.com", SLOW_HASH);
		f.module().passwords().timing().setCounter([] { return std::int64_t(1); }, 60);
		loginTime(f, "ada@example.com");
		CPPUNIT_ASSERT(loginTime(f, "nobody@example.com") >= SLOW_MICROSECONDS);
	}

	void testNoPaddingWhenNoDjangoHashIsLeft()
	{
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_slow);
		f.module().passwords().timing().setCounter([] { return std::int64_t(0); }, 60);
		f.module().passwords().calibrate({SLOW_HASH});
		CPPUNIT_ASSERT(loginTime(f, "nobody@example.com") < SLOW_MICROSECONDS / 2);
	}

	void testCostClassIsAlgorithmAndParameters()
	{
		DjangoImport::DjangoPasswordVerifier django;
		CPPUNIT_ASSERT_EQUAL(std::string("pbkdf2_sha256$1000"), django.costClass("pbkdf2_sha256$1000$saltsaltsalt$GEHZoy4RKjjWscVDDC3oRCW01TuoO7cq9pkRC9CzKIo="));
		CPPUNIT_ASSERT_EQUAL(std::string("argon2$argon2id$v=19$m=102400,t=2,p=8"), django.costClass("argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdHNhbHQ$aGFzaGhhc2g"));
		CPPUNIT_ASSERT_EQUAL(std::string("bcrypt_sha256$$2b$12"), django.costClass("bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ01234"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), django.costClass("md5$salt$0123"));
		IdentityFixture f;
		CPPUNIT_ASSERT_EQUAL(std::string("$argon2id$v=19$m=1024,t=1,p=1"), f.module().passwords().costClass(f.module().passwords().hash("x")));
	}

private:
	static void withHash(IdentityFixture& f, const std::string& email, const std::string& hash)
	{
		Poco::Int64 id = f.registerVerified(email).id;
		Poco::Data::Session db = f.database().session();
		if (hash.empty()) db << "UPDATE users SET password_hash = NULL WHERE id = ?", bind(id), now;
		else db << "UPDATE users SET password_hash = ? WHERE id = ?", bind(hash), bind(id), now;
	}

	static Poco::Timestamp::TimeDiff loginTime(IdentityFixture& f, const std::string& email)
	{
		Poco::Timestamp start;
		CPPUNIT_ASSERT_THROW(f.module().authentication().login(email, "a wrong password", f.context), Core::AuthException);
		return start.elapsed();
	}

	SlowVerifier _slow;
};


CPPUNIT_TEST_SUITE_REGISTRATION(LegacyTimingTest);
