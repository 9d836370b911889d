//
// PasswordResetServiceTest.cpp
//
// Forgotten password: link by mail, single-use reset, sessions revoked.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "Poco/Thread.h"


using namespace AuthServer;
using AuthServer::Core::Problem;


namespace
{
	const std::string PASSWORD = "correct horse battery";
	const std::string NEW_PASSWORD = "violet tuba forty two";
}


class PasswordResetServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PasswordResetServiceTest);
	CPPUNIT_TEST(testResetRevokesEverySessionAndMailsNotice);
	CPPUNIT_TEST(testRefusedResetLeavesTokenUsable);
	CPPUNIT_TEST(testTokenSingleUseAndSuperseded);
	CPPUNIT_TEST(testExpiredToken);
	CPPUNIT_TEST(testUnknownEmailSendsNothing);
	CPPUNIT_TEST(testResetMarksEmailVerified);
	CPPUNIT_TEST(testHourlyCapHoldsForLinks);
	CPPUNIT_TEST_SUITE_END();

public:
	void testResetRevokesEverySessionAndMailsNotice()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		Identity::TokenPair one = auth.login("ada@example.com", PASSWORD, f.context);
		Identity::TokenPair two = auth.login("ada@example.com", PASSWORD, f.context);
		f.module().passwordReset().forgot("ADA@example.com", f.context);
		std::string token = f.mailedResetToken("ada@example.com");
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), token.size());
		CPPUNIT_ASSERT(f.lastMailContaining("ada@example.com", "reset-password?token=").find("http://frontend.test/reset-password?token=") != std::string::npos);
		f.module().passwordReset().reset(token, NEW_PASSWORD, NEW_PASSWORD, f.context);
		ASSERT_PROBLEM(auth.authenticate(one.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.authenticate(two.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.refresh(two.refreshToken, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.login("ada@example.com", PASSWORD, f.context), Problem::InvalidCredentials);
		CPPUNIT_ASSERT_NO_THROW(auth.login("ada@example.com", NEW_PASSWORD, f.context));
		CPPUNIT_ASSERT(!f.lastMailContaining("ada@example.com", "password of your AuthServer account was changed").empty());
	}

	void testRefusedResetLeavesTokenUsable()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		f.module().passwordReset().forgot("ada@example.com", f.context);
		std::string token = f.mailedResetToken("ada@example.com");
		auto& reset = f.module().passwordReset();
		ASSERT_PROBLEM(reset.reset(token, NEW_PASSWORD, NEW_PASSWORD + "x", f.context), Problem::PasswordMismatch);
		ASSERT_PROBLEM(reset.reset(token, "password", "password", f.context), Problem::WeakPassword);
		ASSERT_PROBLEM(reset.reset(token, "", "", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(reset.reset("no-such-token", NEW_PASSWORD, NEW_PASSWORD, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT_NO_THROW(reset.reset(token, NEW_PASSWORD, NEW_PASSWORD, f.context));
	}

	void testTokenSingleUseAndSuperseded()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& reset = f.module().passwordReset();
		reset.forgot("ada@example.com", f.context);
		std::string first = f.mailedResetToken("ada@example.com");
		Poco::Thread::sleep(5); // outbox names order mails by millisecond
		reset.forgot("ada@example.com", f.context);
		std::string second = f.mailedResetToken("ada@example.com");
		CPPUNIT_ASSERT(first != second);
		ASSERT_PROBLEM(reset.reset(first, NEW_PASSWORD, NEW_PASSWORD, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT_NO_THROW(reset.reset(second, NEW_PASSWORD, NEW_PASSWORD, f.context));
		ASSERT_PROBLEM(reset.reset(second, "another fine password", "another fine password", f.context), Problem::InvalidToken);
	}

	void testExpiredToken()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.passwordResetLifetime = 1; });
		f.registerVerified("ada@example.com");
		f.module().passwordReset().forgot("ada@example.com", f.context);
		std::string token = f.mailedResetToken("ada@example.com");
		Poco::Thread::sleep(2100);
		ASSERT_PROBLEM(f.module().passwordReset().reset(token, NEW_PASSWORD, NEW_PASSWORD, f.context), Problem::InvalidToken);
	}

	void testUnknownEmailSendsNothing()
	{
		IdentityFixture f;
		f.module().passwordReset().forgot("nobody@example.com", f.context);
		f.module().passwordReset().forgot("not an address", f.context);
		CPPUNIT_ASSERT_EQUAL(0, f.mailCount());
		ASSERT_PROBLEM(f.module().passwordReset().forgot("", f.context), Problem::ValidationError);
	}

	void testResetMarksEmailVerified()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		ASSERT_PROBLEM(f.module().authentication().login("ada@example.com", PASSWORD, f.context), Problem::EmailNotVerified);
		f.module().passwordReset().forgot("ada@example.com", f.context);
		Identity::Account u = f.module().passwordReset().reset(f.mailedResetToken("ada@example.com"), NEW_PASSWORD, NEW_PASSWORD, f.context);
		CPPUNIT_ASSERT(u.emailVerified);
		CPPUNIT_ASSERT_NO_THROW(f.module().authentication().login("ada@example.com", NEW_PASSWORD, f.context));
	}

	void testHourlyCapHoldsForLinks()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.otpMaxSendsPerHour = 3; }); // the verification mail counts too
		f.registerVerified("ada@example.com");
		int before = f.mailCount();
		for (int i = 0; i < 4; ++i) f.module().passwordReset().forgot("ada@example.com", f.context);
		CPPUNIT_ASSERT_EQUAL(before + 2, f.mailCount());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), f.module().otp().droppedSends());
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(PasswordResetServiceTest);
