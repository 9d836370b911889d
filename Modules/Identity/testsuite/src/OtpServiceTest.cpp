//
// OtpServiceTest.cpp
//
// One-time codes by email and SMS, and the login OTP challenge.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "AuthServer/Core/Digests.h"
#include "Poco/Thread.h"


using namespace AuthServer;
using AuthServer::Core::Problem;


namespace
{
	const std::string PASSWORD = "correct horse battery";
	const std::string PHONE = "+916205829376";

	std::string wrongCode(const std::string& code)
	{
		std::string wrong = code;
		wrong[0] = code[0] == '9' ? '0' : static_cast<char>(code[0] + 1);
		return wrong;
	}

	Identity::Principal loginPrincipal(IdentityFixture& f, const std::string& email)
	{
		return f.module().authentication().authenticate(f.module().authentication().login(email, PASSWORD, f.context).accessToken);
	}

	void giveVerifiedPhone(IdentityFixture& f, Poco::Int64 userId)
	{
		Persistence::User u = *f.module().users().findById(userId);
		u.phoneNumber = PHONE;
		u.phoneVerified = true;
		f.module().users().update(u);
	}
}


class OtpServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(OtpServiceTest);
	CPPUNIT_TEST(testVerifyCodeMarksEmailVerifiedOnce);
	CPPUNIT_TEST(testCodeStoredHashedInCache);
	CPPUNIT_TEST(testUnknownAccountAndCooldownSendNothing);
	CPPUNIT_TEST(testFifthWrongCodeKillsTheCode);
	CPPUNIT_TEST(testExpiredCode);
	CPPUNIT_TEST(testHourlyCapDropsExtraSends);
	CPPUNIT_TEST(testLoginCodeByEmailGivesTokens);
	CPPUNIT_TEST(testLoginCodeBySmsNeedsVerifiedPhone);
	CPPUNIT_TEST(testBadInputIsValidationError);
	CPPUNIT_TEST(testLoginChallengeByEmail);
	CPPUNIT_TEST(testLoginChallengeBySms);
	CPPUNIT_TEST(testLoginChallengeWrongCodesAndUnknownChallenge);
	CPPUNIT_TEST(testEnableOtpLoginNeedsAddress);
	CPPUNIT_TEST_SUITE_END();

public:
	void testVerifyCodeMarksEmailVerifiedOnce()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		f.module().otp().request("email", "Ada@Example.com", "verify", f.context);
		std::string code = f.mailedOtp("ada@example.com");
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), code.size());
		Identity::Account u = f.module().otp().verifyDestination("email", "ada@example.com", code, f.context);
		CPPUNIT_ASSERT(u.emailVerified);
		CPPUNIT_ASSERT(f.module().users().findByEmail("ada@example.com")->emailVerified);
		ASSERT_PROBLEM(f.module().otp().verifyDestination("email", "ada@example.com", code, f.context), Problem::InvalidOtp);
	}

	void testCodeStoredHashedInCache()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		f.module().otp().request("email", "ada@example.com", "verify", f.context);
		std::string code = f.mailedOtp("ada@example.com");
		std::optional<std::string> stored = f.cache().get("otp:code:" + Core::Digests::sha256Hex("verify\nemail\nada@example.com"));
		CPPUNIT_ASSERT(stored);
		CPPUNIT_ASSERT(stored->find(code) == std::string::npos);
		CPPUNIT_ASSERT(stored->find("\"hash\"") != std::string::npos);
	}

	void testUnknownAccountAndCooldownSendNothing()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		int mails = f.mailCount();
		f.module().otp().request("email", "nobody@example.com", "login", f.context);
		f.module().otp().request("email", "ada@example.com", "verify", f.context); // already verified
		CPPUNIT_ASSERT_EQUAL(mails, f.mailCount());
		f.module().otp().request("email", "ada@example.com", "login", f.context);
		CPPUNIT_ASSERT_EQUAL(mails + 1, f.mailCount());
		std::string first = f.mailedOtp("ada@example.com");
		f.module().otp().request("email", "ada@example.com", "login", f.context); // within otp.resendInterval
		CPPUNIT_ASSERT_EQUAL(mails + 1, f.mailCount());
		CPPUNIT_ASSERT_NO_THROW(f.module().authentication().loginWithOtp("email", "ada@example.com", first, f.context));
	}

	void testFifthWrongCodeKillsTheCode()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		f.module().otp().request("email", "ada@example.com", "verify", f.context);
		std::string code = f.mailedOtp("ada@example.com");
		for (int i = 0; i < 4; ++i)
			ASSERT_PROBLEM(f.module().otp().verifyDestination("email", "ada@example.com", wrongCode(code), f.context), Problem::InvalidOtp);
		ASSERT_PROBLEM(f.module().otp().verifyDestination("email", "ada@example.com", wrongCode(code), f.context), Problem::OtpAttemptsExceeded);
		ASSERT_PROBLEM(f.module().otp().verifyDestination("email", "ada@example.com", code, f.context), Problem::OtpAttemptsExceeded);
		CPPUNIT_ASSERT(!f.module().users().findByEmail("ada@example.com")->emailVerified);
	}

	void testExpiredCode()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.otpLifetime = 1; });
		f.registerUser("ada@example.com");
		f.module().otp().request("email", "ada@example.com", "verify", f.context);
		std::string code = f.mailedOtp("ada@example.com");
		Poco::Thread::sleep(2100);
		ASSERT_PROBLEM(f.module().otp().verifyDestination("email", "ada@example.com", code, f.context), Problem::OtpExpired);
	}

	void testHourlyCapDropsExtraSends()
	{
		IdentityFixture f;
		auto& otp = f.module().otp();
		for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT(otp.send("sms", PHONE, "signup", std::nullopt, false, f.context));
		CPPUNIT_ASSERT(!otp.send("sms", PHONE, "signup", std::nullopt, false, f.context));
		CPPUNIT_ASSERT_EQUAL(5, f.smsCount());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), otp.droppedSends());
		// The last code sent is the valid one; no user was remembered.
		std::string body = f.lastSms(PHONE);
		std::string code = body.substr(body.find("code: ") + 6, 6);
		CPPUNIT_ASSERT(!otp.check("sms", PHONE, "signup", code, f.context));
	}

	void testLoginCodeByEmailGivesTokens()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		f.module().otp().request("email", "ada@example.com", "login", f.context);
		std::string code = f.mailedOtp("ada@example.com");
		Identity::TokenPair pair = *f.module().authentication().loginWithOtp("email", "ADA@example.com", code, f.context).tokens;
		CPPUNIT_ASSERT_NO_THROW(f.module().authentication().authenticate(pair.accessToken));
		CPPUNIT_ASSERT_EQUAL(std::string("ada@example.com"), *pair.user.email);
		ASSERT_PROBLEM(f.module().authentication().loginWithOtp("email", "ada@example.com", code, f.context), Problem::InvalidOtp);
	}

	void testLoginCodeBySmsNeedsVerifiedPhone()
	{
		IdentityFixture f;
		Persistence::User u = f.registerVerified("ada@example.com");
		Persistence::User withPhone = *f.module().users().findById(u.id);
		withPhone.phoneNumber = PHONE;
		f.module().users().update(withPhone);
		f.module().otp().request("sms", PHONE, "login", f.context);
		CPPUNIT_ASSERT_EQUAL(0, f.smsCount());
		f.module().otp().request("sms", "+91 62058 29376", "verify", f.context);
		CPPUNIT_ASSERT_EQUAL(1, f.smsCount());
		std::string body = f.lastSms(PHONE);
		CPPUNIT_ASSERT(f.module().otp().verifyDestination("sms", PHONE, body.substr(body.find("code: ") + 6, 6), f.context).phoneVerified);
		f.module().otp().request("sms", PHONE, "login", f.context);
		CPPUNIT_ASSERT_EQUAL(2, f.smsCount());
		body = f.lastSms(PHONE);
		Identity::TokenPair pair = *f.module().authentication().loginWithOtp("sms", PHONE, body.substr(body.find("code: ") + 6, 6), f.context).tokens;
		CPPUNIT_ASSERT_EQUAL(u.id, pair.user.id);
	}

	void testBadInputIsValidationError()
	{
		IdentityFixture f;
		auto& otp = f.module().otp();
		ASSERT_PROBLEM(otp.request("pigeon", "ada@example.com", "login", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(otp.request("email", "not an address", "login", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(otp.request("email", "ada@example.com", "dance", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(otp.request("sms", "12", "login", f.context), Problem::InvalidPhoneNumber);
		ASSERT_PROBLEM(otp.verifyDestination("email", "ada@example.com", "", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(otp.verifyDestination("email", "ada@example.com", "123456", f.context), Problem::InvalidOtp);
	}

	void testLoginChallengeByEmail()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		Identity::ProfileChanges c;
		c.otpLoginEnabled = true;
		CPPUNIT_ASSERT(f.module().accounts().updateProfile(loginPrincipal(f, "ada@example.com"), c, f.context).otpLoginEnabled);
		auto& auth = f.module().authentication();
		ASSERT_PROBLEM(auth.beginLogin("ada@example.com", "wrong password here", f.context), Problem::InvalidCredentials);
		Identity::LoginOutcome outcome = auth.beginLogin("ada@example.com", PASSWORD, f.context);
		CPPUNIT_ASSERT(!outcome.tokens);
		CPPUNIT_ASSERT_EQUAL(std::string("email"), outcome.otpChannel);
		CPPUNIT_ASSERT(outcome.otpChallenge.size() >= 43);
		std::string code = f.mailedOtp("ada@example.com");
		Identity::TokenPair pair = auth.completeOtpLogin(outcome.otpChallenge, code, f.context);
		CPPUNIT_ASSERT_NO_THROW(auth.authenticate(pair.accessToken));
		ASSERT_PROBLEM(auth.completeOtpLogin(outcome.otpChallenge, code, f.context), Problem::InvalidOtp);
		// No cooldown for a challenge right after a correct password.
		Identity::LoginOutcome again = auth.beginLogin("ada@example.com", PASSWORD, f.context);
		CPPUNIT_ASSERT(again.otpChallenge != outcome.otpChallenge);
		std::string second = f.mailedOtp("ada@example.com");
		ASSERT_PROBLEM(auth.completeOtpLogin(outcome.otpChallenge, second, f.context), Problem::InvalidOtp);
		CPPUNIT_ASSERT_NO_THROW(auth.completeOtpLogin(again.otpChallenge, second, f.context));
	}

	void testLoginChallengeBySms()
	{
		IdentityFixture f;
		Persistence::User u = f.registerVerified("ada@example.com");
		giveVerifiedPhone(f, u.id);
		Identity::ProfileChanges c;
		c.otpLoginEnabled = true;
		c.otpChannel = "sms";
		f.module().accounts().updateProfile(loginPrincipal(f, "ada@example.com"), c, f.context);
		Identity::LoginOutcome outcome = f.module().authentication().beginLogin("ada@example.com", PASSWORD, f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("sms"), outcome.otpChannel);
		std::string body = f.lastSms(PHONE);
		CPPUNIT_ASSERT(body.find("code: ") != std::string::npos);
		Identity::TokenPair pair = f.module().authentication().completeOtpLogin(outcome.otpChallenge, body.substr(body.find("code: ") + 6, 6), f.context);
		CPPUNIT_ASSERT_EQUAL(u.id, pair.user.id);
	}

	void testLoginChallengeWrongCodesAndUnknownChallenge()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		Identity::ProfileChanges c;
		c.otpLoginEnabled = true;
		f.module().accounts().updateProfile(loginPrincipal(f, "ada@example.com"), c, f.context);
		auto& auth = f.module().authentication();
		Identity::LoginOutcome outcome = auth.beginLogin("ada@example.com", PASSWORD, f.context);
		std::string code = f.mailedOtp("ada@example.com");
		ASSERT_PROBLEM(auth.completeOtpLogin("not-a-challenge", code, f.context), Problem::InvalidOtp);
		ASSERT_PROBLEM(auth.completeOtpLogin("", code, f.context), Problem::ValidationError);
		for (int i = 0; i < 4; ++i) ASSERT_PROBLEM(auth.completeOtpLogin(outcome.otpChallenge, wrongCode(code), f.context), Problem::InvalidOtp);
		ASSERT_PROBLEM(auth.completeOtpLogin(outcome.otpChallenge, "abc", f.context), Problem::OtpAttemptsExceeded);
		ASSERT_PROBLEM(auth.completeOtpLogin(outcome.otpChallenge, code, f.context), Problem::OtpAttemptsExceeded);
		// login() (tokens at once) refuses an account that needs the code.
		ASSERT_PROBLEM(auth.login("ada@example.com", PASSWORD, f.context), Problem::InvalidCredentials);
	}

	void testEnableOtpLoginNeedsAddress()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		Identity::ProfileChanges c;
		c.otpLoginEnabled = true;
		c.otpChannel = "sms";
		ASSERT_PROBLEM(f.module().accounts().updateProfile(loginPrincipal(f, "ada@example.com"), c, f.context), Problem::ValidationError);
		CPPUNIT_ASSERT(!f.module().users().findByEmail("ada@example.com")->otpLoginEnabled);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(OtpServiceTest);
