//
// DjangoPasswordVerifierTest.cpp
//
// Django password hashes checked against vectors made by Debian's
// python3-django 3.2 hashers: `/usr/bin/python3 Modules/DjangoImport/testsuite/make_vectors.py`
// printed every string below (password "correct horse ünïcode"; the last
// bcrypt_sha256 string is of "x" * 100).
//


#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::DjangoImport::DjangoPasswordVerifier;


namespace
{
	const std::string PASSWORD = "correct horse \xc3\xbcn\xc3\xaf" "code";
	const std::string PBKDF2_SHA256 = "pbkdf2_sha256$1000$saltsaltsalt$GEHZoy4RKjjWscVDDC3oRCW01TuoO7cq9pkRC9CzKIo=";
	const std::string PBKDF2_SHA1 = "pbkdf2_sha1$1000$saltsaltsalt$l4MR8o0MpBCyzhJddU3wv2+eyHA=";
	const std::string ARGON2ID = "argon2$argon2id$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0$YaS+YqTToweATG5Z1qcMzA";
	const std::string BCRYPT_SHA256 = "bcrypt_sha256$$2b$04$o6QtDrPZ5CL54Ey6ctvJWudPG4qR6nGepEFzC0ofUJlhMowdIpetm";
	const std::string BCRYPT = "bcrypt$$2b$04$EqsAVTpKSkWr9FqBZhKVJez2b.XPiQbp41nzFEyocWbD3NeQuYwhy";
	const std::string BCRYPT_SHA256_LONG = "bcrypt_sha256$$2b$04$35i.IjEYNHmirSayrN1chOhqbV2DCwBg70T.y0UZUFFblHvwyTdUy";
}


class DjangoPasswordVerifierTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DjangoPasswordVerifierTest);
	CPPUNIT_TEST(testPbkdf2Sha256MatchesDjango);
	CPPUNIT_TEST(testPbkdf2Sha1MatchesDjango);
	CPPUNIT_TEST(testArgon2idMatchesDjango);
	CPPUNIT_TEST(testBcryptSha256MatchesDjango);
	CPPUNIT_TEST(testBcryptMatchesDjango);
	CPPUNIT_TEST(testBcryptSha256CountsPasswordsOver72Bytes);
	CPPUNIT_TEST(testWrongPasswordsRefused);
	CPPUNIT_TEST(testTamperedHashesRefused);
	CPPUNIT_TEST(testUnsupportedAndUnusableHashes);
	CPPUNIT_TEST(testExcessiveWorkFactorsRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	void testPbkdf2Sha256MatchesDjango()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("pbkdf2_sha256"), _verifier.scheme(PBKDF2_SHA256));
		CPPUNIT_ASSERT(_verifier.verify(PBKDF2_SHA256, PASSWORD));
	}

	void testPbkdf2Sha1MatchesDjango()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("pbkdf2_sha1"), _verifier.scheme(PBKDF2_SHA1));
		CPPUNIT_ASSERT(_verifier.verify(PBKDF2_SHA1, PASSWORD));
	}

	void testArgon2idMatchesDjango()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("argon2"), _verifier.scheme(ARGON2ID));
		CPPUNIT_ASSERT(_verifier.verify(ARGON2ID, PASSWORD));
	}

	void testBcryptSha256MatchesDjango()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("bcrypt_sha256"), _verifier.scheme(BCRYPT_SHA256));
		CPPUNIT_ASSERT(_verifier.verify(BCRYPT_SHA256, PASSWORD));
	}

	void testBcryptMatchesDjango()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("bcrypt"), _verifier.scheme(BCRYPT));
		CPPUNIT_ASSERT(_verifier.verify(BCRYPT, PASSWORD));
	}

	void testBcryptSha256CountsPasswordsOver72Bytes()
	{
		CPPUNIT_ASSERT(_verifier.verify(BCRYPT_SHA256_LONG, std::string(100, 'x')));
		CPPUNIT_ASSERT(!_verifier.verify(BCRYPT_SHA256_LONG, std::string(99, 'x')));
		CPPUNIT_ASSERT(!_verifier.verify(BCRYPT_SHA256_LONG, std::string(72, 'x')));
	}

	void testWrongPasswordsRefused()
	{
		for (const std::string& hash: {PBKDF2_SHA256, PBKDF2_SHA1, ARGON2ID, BCRYPT_SHA256, BCRYPT})
		{
			CPPUNIT_ASSERT(!_verifier.verify(hash, PASSWORD + "x"));
			CPPUNIT_ASSERT(!_verifier.verify(hash, ""));
			CPPUNIT_ASSERT(!_verifier.verify(hash, "correct horse uniicode"));
		}
	}

	void testTamperedHashesRefused()
	{
		std::string otherSalt = PBKDF2_SHA256;
		otherSalt.replace(otherSalt.find("saltsaltsalt"), 4, "SALT");
		CPPUNIT_ASSERT(!_verifier.verify(otherSalt, PASSWORD));
		std::string otherIterations = PBKDF2_SHA256;
		otherIterations.replace(otherIterations.find("1000"), 4, "1001");
		CPPUNIT_ASSERT(!_verifier.verify(otherIterations, PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("pbkdf2_sha256$1000$saltsaltsalt$", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("pbkdf2_sha256$x$saltsaltsalt$GEHZ", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("pbkdf2_sha256$1000", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify(BCRYPT_SHA256.substr(0, BCRYPT_SHA256.size() - 1) + "A", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("argon2$argon2id$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0$", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("argon2$argon2d$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0$YaS+YqTToweATG5Z1qcMzA", PASSWORD));
	}

	void testUnsupportedAndUnusableHashes()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(), _verifier.scheme("md5$salt$0123456789abcdef0123456789abcdef"));
		CPPUNIT_ASSERT_EQUAL(std::string(), _verifier.scheme("sha1$salt$0123"));
		CPPUNIT_ASSERT_EQUAL(std::string(), _verifier.scheme("unsalted_md5$0123"));
		CPPUNIT_ASSERT_EQUAL(std::string(), _verifier.scheme("scrypt$16384$salt$8$1$abc"));
		CPPUNIT_ASSERT_EQUAL(std::string(), _verifier.scheme("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$dGFn"));
		CPPUNIT_ASSERT(!_verifier.verify("md5$salt$0123456789abcdef0123456789abcdef", PASSWORD));
		CPPUNIT_ASSERT(DjangoPasswordVerifier::isUnusable(""));
		CPPUNIT_ASSERT(DjangoPasswordVerifier::isUnusable("!Xq2c4m8Y0sVb3lW9"));
		CPPUNIT_ASSERT(!DjangoPasswordVerifier::isUnusable(PBKDF2_SHA256));
		CPPUNIT_ASSERT_EQUAL(std::string("md5"), DjangoPasswordVerifier::algorithmName("md5$salt$0123"));
	}

	void testExcessiveWorkFactorsRefused()
	{
		CPPUNIT_ASSERT(!_verifier.verify("pbkdf2_sha256$4000000000$saltsaltsalt$GEHZoy4RKjjWscVDDC3oRCW01TuoO7cq9pkRC9CzKIo=", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("argon2$argon2id$v=19$m=4194304,t=1,p=2$c2FsdHNhbHRzYWx0$YaS+YqTToweATG5Z1qcMzA", PASSWORD));
		CPPUNIT_ASSERT(!_verifier.verify("bcrypt$$2b$31$EqsAVTpKSkWr9FqBZhKVJez2b.XPiQbp41nzFEyocWbD3NeQuYwhy", PASSWORD));
	}

private:
	DjangoPasswordVerifier _verifier;
};


CPPUNIT_TEST_SUITE_REGISTRATION(DjangoPasswordVerifierTest);
