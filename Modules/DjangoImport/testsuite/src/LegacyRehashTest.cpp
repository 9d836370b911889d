//
// LegacyRehashTest.cpp
//
// A login with a Django password hash (issue 18): verified on the hashing
// pool, replaced by Argon2id at the configured cost with one
// password_rehashed audit event; failures change nothing.
//


#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include "AuthServer/Core/AuthException.h"
#include "IdentityFixture.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer;
using namespace Poco::Data::Keywords;


namespace
{
	const std::string PASSWORD = "correct horse \xc3\xbcn\xc3\xaf" "code";
	// make_vectors.py (Django 3.2's PBKDF2PasswordHasher, 1000 iterations)
	const std::string PBKDF2_SHA256 = "pbkdf2_sha256$1000$saltsaltsalt$GEHZoy4RKjjWscVDDC3oRCW01TuoO7cq9pkRC9CzKIo=";
}


class LegacyRehashTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(LegacyRehashTest);
	CPPUNIT_TEST(testDjangoHashLogsInAndBecomesArgon2id);
	CPPUNIT_TEST(testWrongPasswordKeepsDjangoHash);
	CPPUNIT_TEST(testWithoutVerifierDjangoHashRefused);
	CPPUNIT_TEST(testRehashCommitsWithTheLoginsSession);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDjangoHashLogsInAndBecomesArgon2id()
	{
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_verifier);
		Poco::Int64 id = imported(f);
		f.module().authentication().login("ada@example.com", PASSWORD, f.context);
		std::string stored = hashOf(f, id);
		CPPUNIT_ASSERT(stored.compare(0, 10, "$argon2id$") == 0);
		CPPUNIT_ASSERT(f.module().passwords().verify(stored, PASSWORD));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = 'password_rehashed' AND detail = 'pbkdf2_sha256'"));
		// The next login uses the Argon2id hash: no second rehash.
		f.module().authentication().login("ada@example.com", PASSWORD, f.context);
		CPPUNIT_ASSERT_EQUAL(stored, hashOf(f, id));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = 'password_rehashed'"));
	}

	void testWrongPasswordKeepsDjangoHash()
	{
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_verifier);
		Poco::Int64 id = imported(f);
		CPPUNIT_ASSERT_THROW(f.module().authentication().login("ada@example.com", PASSWORD + "!", f.context), Core::AuthException);
		CPPUNIT_ASSERT_EQUAL(PBKDF2_SHA256, hashOf(f, id));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = 'password_rehashed'"));
	}

	void testWithoutVerifierDjangoHashRefused()
	{
		IdentityFixture f;
		Poco::Int64 id = imported(f);
		CPPUNIT_ASSERT_THROW(f.module().authentication().login("ada@example.com", PASSWORD, f.context), Core::AuthException);
		CPPUNIT_ASSERT_EQUAL(PBKDF2_SHA256, hashOf(f, id));
	}

	void testRehashCommitsWithTheLoginsSession()
	{
		// The rehash is written in the login's transaction: when the login
		// cannot commit (its audit row fails), the Django hash stays.
		IdentityFixture f;
		f.module().passwords().setLegacyVerifier(&_verifier);
		Poco::Int64 id = imported(f);
		{
			Poco::Data::Session db = f.database().session();
			db << "CREATE TRIGGER audit_down BEFORE INSERT ON audit_events WHEN NEW.event = 'login_succeeded' BEGIN SELECT RAISE(ABORT, 'audit down'); END", now;
		}
		CPPUNIT_ASSERT_THROW(f.module().authentication().login("ada@example.com", PASSWORD, f.context), Poco::Exception);
		CPPUNIT_ASSERT_EQUAL(PBKDF2_SHA256, hashOf(f, id));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = 'password_rehashed'"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM sessions"));
	}

private:
	static Poco::Int64 imported(IdentityFixture& f)
	{
		Poco::Int64 id = f.registerVerified("ada@example.com").id;
		Poco::Data::Session db = f.database().session();
		db << "UPDATE users SET password_hash = ? WHERE id = ?", bind(PBKDF2_SHA256), bind(id), now;
		return id;
	}

	static std::string hashOf(IdentityFixture& f, Poco::Int64 id)
	{
		Poco::Data::Session db = f.database().session();
		std::string hash;
		db << "SELECT password_hash FROM users WHERE id = ?", bind(id), into(hash), now;
		return hash;
	}

	static Poco::Int64 scalar(IdentityFixture& f, const std::string& sql)
	{
		Poco::Data::Session db = f.database().session();
		Poco::Int64 n = 0;
		db << sql, into(n), now;
		return n;
	}

	DjangoImport::DjangoPasswordVerifier _verifier;
};


CPPUNIT_TEST_SUITE_REGISTRATION(LegacyRehashTest);
