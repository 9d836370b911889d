//
// AuthenticationServiceTest.cpp
//
// Login, rotation with grace and reuse detection, logout, authentication.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "Poco/Data/DataException.h"
#include <atomic>
#include <thread>
#include <vector>


using namespace AuthServer;
using AuthServer::Core::Problem;


class AuthenticationServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(AuthenticationServiceTest);
	CPPUNIT_TEST(testLoginIssuesTokensForVerifiedUser);
	CPPUNIT_TEST(testLoginIsCaseInsensitiveOnEmail);
	CPPUNIT_TEST(testWrongPasswordAndUnknownEmailAlike);
	CPPUNIT_TEST(testUnverifiedLoginRefused);
	CPPUNIT_TEST(testUnverifiedLoginAllowedWhenNotRequired);
	CPPUNIT_TEST(testUnverifiedLoginLooksLikeWrongPasswordWithPreventEnumeration);
	CPPUNIT_TEST(testRefreshRotates);
	CPPUNIT_TEST(testRefreshAuditEventCommitsWithRotation);
	CPPUNIT_TEST(testLoginAuditEventCommitsWithSession);
	CPPUNIT_TEST(testRetryWithinGraceGetsSameSuccessor);
	CPPUNIT_TEST(testReuseAfterGraceRevokesSession);
	CPPUNIT_TEST(testConcurrentRefreshRotatesOnce);
	CPPUNIT_TEST(testAccessTokenIsNotRefreshToken);
	CPPUNIT_TEST(testLogoutRevokesAccessAndRefresh);
	CPPUNIT_TEST(testLogoutAllSessions);
	CPPUNIT_TEST(testIdleSessionRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	void testLoginIssuesTokensForVerifiedUser()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		Identity::TokenPair pair = f.module().authentication().login("ada@example.com", "correct horse battery", f.context);
		CPPUNIT_ASSERT_EQUAL(900, pair.expiresIn);
		CPPUNIT_ASSERT_EQUAL(604800, pair.refreshExpiresIn);
		Identity::Principal p = f.module().authentication().authenticate(pair.accessToken);
		CPPUNIT_ASSERT_EQUAL(pair.user.id, p.userId);
		CPPUNIT_ASSERT_EQUAL(std::string("user"), p.role);
		CPPUNIT_ASSERT(p.user.lastLoginAt);
	}

	void testLoginIsCaseInsensitiveOnEmail()
	{
		IdentityFixture f;
		f.registerVerified("Ada@Example.com");
		CPPUNIT_ASSERT_NO_THROW(f.module().authentication().login("  ADA@example.COM ", "correct horse battery", f.context));
	}

	void testWrongPasswordAndUnknownEmailAlike()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		ASSERT_PROBLEM(f.module().authentication().login("ada@example.com", "wrong password!", f.context), Problem::InvalidCredentials);
		ASSERT_PROBLEM(f.module().authentication().login("nobody@example.com", "wrong password!", f.context), Problem::InvalidCredentials);
		ASSERT_PROBLEM(f.module().authentication().login("", "", f.context), Problem::ValidationError);
	}

	void testUnverifiedLoginRefused()
	{
		IdentityFixture f;
		f.registerUser("new@example.com");
		ASSERT_PROBLEM(f.module().authentication().login("new@example.com", "correct horse battery", f.context), Problem::EmailNotVerified);
	}

	void testUnverifiedLoginLooksLikeWrongPasswordWithPreventEnumeration()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.preventEnumeration = true; });
		f.registerUser("new@example.com");
		f.registerVerified("old@example.com");
		std::string unverified, wrong;
		try
		{
			f.module().authentication().login("new@example.com", "correct horse battery", f.context);
			CPPUNIT_FAIL("unverified login accepted");
		}
		catch (Core::AuthException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::InvalidCredentials);
			unverified = exc.message();
		}
		try
		{
			f.module().authentication().login("old@example.com", "not the password", f.context);
			CPPUNIT_FAIL("wrong password accepted");
		}
		catch (Core::AuthException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::InvalidCredentials);
			wrong = exc.message();
		}
		CPPUNIT_ASSERT_EQUAL(wrong, unverified);
	}

	void testUnverifiedLoginAllowedWhenNotRequired()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.requireEmailVerification = false; });
		f.registerUser("new@example.com");
		CPPUNIT_ASSERT_NO_THROW(f.module().authentication().login("new@example.com", "correct horse battery", f.context));
	}

	void testRefreshAuditEventCommitsWithRotation()
	{
		// Issue 14: the token_refreshed row is written in the rotation's
		// transaction. When it cannot be written the rotation rolls back,
		// so the presented token is still the session's current one.
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair first = auth.login("ada@example.com", "correct horse battery", f.context);
		auto refreshedEvents = [&f]
		{
			Poco::Data::Session db = f.database().session();
			Poco::Int64 n = 0;
			db << "SELECT COUNT(*) FROM audit_events WHERE event = 'token_refreshed'", Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
			return n;
		};
		{
			Poco::Data::Session db = f.database().session();
			db << "CREATE TRIGGER audit_down BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'audit down'); END", Poco::Data::Keywords::now;
		}
		CPPUNIT_ASSERT_THROW(auth.refresh(first.refreshToken, f.context), Poco::Data::DataException);
		{
			Poco::Data::Session db = f.database().session();
			db << "DROP TRIGGER audit_down", Poco::Data::Keywords::now;
		}
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), refreshedEvents());
		Identity::TokenPair second = auth.refresh(first.refreshToken, f.context);
		CPPUNIT_ASSERT(second.refreshToken != first.refreshToken);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), refreshedEvents());
	}

	void testLoginAuditEventCommitsWithSession()
	{
		// Issue 14: the session, last_login_at and login_succeeded commit in
		// one transaction; when the audit row cannot be written there is no
		// session and no recorded login either.
		IdentityFixture f;
		Poco::Int64 id = f.registerVerified("ada@example.com").id;
		auto& auth = f.module().authentication();
		auto scalar = [&f](const std::string& sql)
		{
			Poco::Data::Session db = f.database().session();
			Poco::Int64 n = 0;
			db << sql, Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
			return n;
		};
		{
			Poco::Data::Session db = f.database().session();
			db << "CREATE TRIGGER audit_down BEFORE INSERT ON audit_events WHEN NEW.event = 'login_succeeded' BEGIN SELECT RAISE(ABORT, 'audit down'); END", Poco::Data::Keywords::now;
		}
		CPPUNIT_ASSERT_THROW(auth.login("ada@example.com", "correct horse battery", f.context), Poco::Data::DataException);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar("SELECT COUNT(*) FROM sessions"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar("SELECT COUNT(*) FROM refresh_tokens"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(id) + " AND last_login_at IS NOT NULL"));
		{
			Poco::Data::Session db = f.database().session();
			db << "DROP TRIGGER audit_down", Poco::Data::Keywords::now;
		}
		auth.login("ada@example.com", "correct horse battery", f.context);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar("SELECT COUNT(*) FROM sessions"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar("SELECT COUNT(*) FROM audit_events WHERE event = 'login_succeeded'"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar("SELECT COUNT(*) FROM users WHERE id = " + std::to_string(id) + " AND last_login_at IS NOT NULL"));
	}

	void testRefreshRotates()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair first = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::TokenPair second = auth.refresh(first.refreshToken, f.context);
		CPPUNIT_ASSERT(second.refreshToken != first.refreshToken);
		CPPUNIT_ASSERT(second.accessToken != first.accessToken);
		Identity::TokenPair third = auth.refresh(second.refreshToken, f.context);
		CPPUNIT_ASSERT(third.refreshToken != second.refreshToken);
		CPPUNIT_ASSERT_NO_THROW(auth.authenticate(third.accessToken));
	}

	void testRetryWithinGraceGetsSameSuccessor()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair first = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::TokenPair second = auth.refresh(first.refreshToken, f.context);
		Identity::TokenPair retry = auth.refresh(first.refreshToken, f.context);
		CPPUNIT_ASSERT_EQUAL(second.refreshToken, retry.refreshToken);
		CPPUNIT_ASSERT_NO_THROW(auth.refresh(second.refreshToken, f.context));
	}

	void testReuseAfterGraceRevokesSession()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.refreshReuseInterval = 0; });
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair first = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::TokenPair second = auth.refresh(first.refreshToken, f.context);
		ASSERT_PROBLEM(auth.refresh(first.refreshToken, f.context), Problem::TokenReused);
		// The whole family is dead, including the newest tokens.
		ASSERT_PROBLEM(auth.refresh(second.refreshToken, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.authenticate(second.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.authenticate(first.accessToken), Problem::InvalidToken);
	}

	void testConcurrentRefreshRotatesOnce()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.refreshReuseInterval = 0; });
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair first = auth.login("ada@example.com", "correct horse battery", f.context);
		std::atomic<int> ok{0}, reused{0}, other{0};
		std::vector<std::thread> threads;
		for (int i = 0; i < 6; ++i)
		{
			threads.emplace_back([&] {
				try
				{
					auth.refresh(first.refreshToken, f.context);
					++ok;
				}
				catch (Core::AuthException& exc)
				{
					if (exc.problem() == Problem::TokenReused) ++reused; else ++other;
				}
				catch (...)
				{
					++other;
				}
			});
		}
		for (auto& t: threads) t.join();
		CPPUNIT_ASSERT_EQUAL(1, ok.load());
		// The first loser detects reuse and revokes the session; later
		// losers may find the session already ended (invalid_token).
		CPPUNIT_ASSERT(reused.load() >= 1);
		CPPUNIT_ASSERT_EQUAL(5, reused.load() + other.load());
	}

	void testAccessTokenIsNotRefreshToken()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair pair = auth.login("ada@example.com", "correct horse battery", f.context);
		ASSERT_PROBLEM(auth.refresh(pair.accessToken, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.authenticate(pair.refreshToken), Problem::InvalidToken);
	}

	void testLogoutRevokesAccessAndRefresh()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair pair = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::TokenPair other = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::Principal p = auth.authenticate(pair.accessToken);
		auth.logout(p, pair.refreshToken, false, f.context);
		ASSERT_PROBLEM(auth.authenticate(pair.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.refresh(pair.refreshToken, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT_NO_THROW(auth.authenticate(other.accessToken));
	}

	void testLogoutAllSessions()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair a = auth.login("ada@example.com", "correct horse battery", f.context);
		Identity::TokenPair b = auth.login("ada@example.com", "correct horse battery", f.context);
		auth.logout(auth.authenticate(a.accessToken), std::nullopt, true, f.context);
		ASSERT_PROBLEM(auth.authenticate(b.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.refresh(b.refreshToken, f.context), Problem::InvalidToken);
	}

	void testIdleSessionRefused()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.sessionIdleTimeout = 1; });
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair a = auth.login("ada@example.com", "correct horse battery", f.context);
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		ASSERT_PROBLEM(auth.refresh(a.refreshToken, f.context), Problem::InvalidToken);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(AuthenticationServiceTest);
