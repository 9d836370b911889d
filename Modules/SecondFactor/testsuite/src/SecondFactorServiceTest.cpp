//
// SecondFactorServiceTest.cpp
//
// Authenticator apps and recovery codes over SQLite and MemoryCache:
// set-up, confirmation, login challenges, replay, recovery codes, disable,
// admin reset, sealing at rest.
//


#include "AuthServer/SecondFactor/SecondFactorModule.h"
#include "AuthServer/SecondFactor/Totp.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/SecureRandom.h"
#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "Poco/Data/Session.h"
#include "Poco/RegularExpression.h"
#include "Poco/Thread.h"
#include <set>


using namespace AuthServer;
using namespace Poco::Data::Keywords;
using AuthServer::Core::Problem;


namespace
{
	struct Fixture
	{
		explicit Fixture(std::function<void(Identity::IdentitySettings&)> tweak = {}):
			identity(tweak)
		{
			SecondFactor::SecondFactorSettings settings;
			settings.encryptionKey = Core::SecureRandom::bytes(32);
			settings.issuer = "Example Corp";
			pModule.reset(new SecondFactor::SecondFactorModule(identity.database(), identity.cache(), identity.mailer(), identity.module(), settings));
		}

		SecondFactor::SecondFactorService& service()
		{
			return pModule->service();
		}

		Identity::Principal principal(const std::string& email)
		{
			Identity::LoginOutcome outcome = identity.module().authentication().beginLogin(email, "correct horse battery", identity.context);
			CPPUNIT_ASSERT(outcome.tokens);
			return identity.module().authentication().authenticate(outcome.tokens->accessToken);
		}

		static std::string codeAt(const std::string& secret, Poco::Int64 offsetSeconds = 0)
		{
			return SecondFactor::Totp::code(SecondFactor::Totp::decodeSecret(secret), SecondFactor::Totp::step(Core::Clock::now() + offsetSeconds));
		}

		IdentityFixture identity;
		std::unique_ptr<SecondFactor::SecondFactorModule> pModule;
	};

	struct Enrolled
	{
		Identity::Principal principal;
		std::string secret;
		std::vector<std::string> recoveryCodes;
	};

	Enrolled enrol(Fixture& f, const std::string& email)
	{
		f.identity.registerVerified(email);
		Enrolled e{f.principal(email), "", {}};
		e.secret = f.service().setupTotp(e.principal, f.identity.context).secret;
		e.recoveryCodes = f.service().confirmTotp(e.principal, Fixture::codeAt(e.secret), f.identity.context);
		return e;
	}
}


class SecondFactorServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SecondFactorServiceTest);
	CPPUNIT_TEST(testSetupIsPendingUntilConfirmed);
	CPPUNIT_TEST(testSecondSetupReplacesAnUnconfirmedOne);
	CPPUNIT_TEST(testSecretIsSealedAtRest);
	CPPUNIT_TEST(testConfirmReturnsTenDistinctRecoveryCodes);
	CPPUNIT_TEST(testLoginAsksForTheSecondFactor);
	CPPUNIT_TEST(testReplayedStepRefused);
	CPPUNIT_TEST(testRecoveryCodeSingleUse);
	CPPUNIT_TEST(testRegenerateKillsOldSet);
	CPPUNIT_TEST(testFiveWrongAnswersEndTheChallenge);
	CPPUNIT_TEST(testDisableWithPasswordOrCode);
	CPPUNIT_TEST(testAdminResetRemovesTheFactor);
	CPPUNIT_TEST(testAdminRequireOtpAcceptsTotp);
	CPPUNIT_TEST(testWithoutKeyServiceUnavailable);
	CPPUNIT_TEST(testSmsCodeLoginsStillAskForTheSecondFactor);
	CPPUNIT_TEST(testWrongAnswersAcrossChallengesMeetTheLoginLockout);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSetupIsPendingUntilConfirmed()
	{
		Fixture f;
		f.identity.registerVerified("ada@example.com");
		auto p = f.principal("ada@example.com");
		auto setup = f.service().setupTotp(p, f.identity.context);
		CPPUNIT_ASSERT_EQUAL(std::size_t(32), setup.secret.size()); // 20 bytes in base32
		CPPUNIT_ASSERT_EQUAL(std::string("otpauth://totp/Example%20Corp:ada%40example.com?secret=" + setup.secret + "&issuer=Example%20Corp&algorithm=SHA1&digits=6&period=30"), setup.otpauthUrl);
		CPPUNIT_ASSERT(setup.qrSvg.find("<svg") == 0);
		CPPUNIT_ASSERT(!f.service().isTotpEnabled(p.userId));
		// Not on yet: the password alone still logs in.
		CPPUNIT_ASSERT(f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context).tokens);
		ASSERT_PROBLEM(f.service().confirmTotp(p, "000000" == Fixture::codeAt(setup.secret) ? "111111" : "000000", f.identity.context), Problem::InvalidOtp);
		f.service().confirmTotp(p, Fixture::codeAt(setup.secret), f.identity.context);
		CPPUNIT_ASSERT(f.service().isTotpEnabled(p.userId));
		ASSERT_PROBLEM(f.service().setupTotp(p, f.identity.context), Problem::Conflict);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), f.identity.module().admin().audit(p.userId, "mfa_enabled", 1, 10).total);
	}

	void testSecondSetupReplacesAnUnconfirmedOne()
	{
		Fixture f;
		f.identity.registerVerified("ada@example.com");
		auto p = f.principal("ada@example.com");
		auto first = f.service().setupTotp(p, f.identity.context);
		auto second = f.service().setupTotp(p, f.identity.context);
		CPPUNIT_ASSERT(first.secret != second.secret);
		if (Fixture::codeAt(first.secret) != Fixture::codeAt(second.secret))
			ASSERT_PROBLEM(f.service().confirmTotp(p, Fixture::codeAt(first.secret), f.identity.context), Problem::InvalidOtp);
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), f.service().confirmTotp(p, Fixture::codeAt(second.secret), f.identity.context).size());
		ASSERT_PROBLEM(f.service().setupTotp(p, f.identity.context), Problem::Conflict);
		CPPUNIT_ASSERT(f.service().isTotpEnabled(p.userId));
	}

	void testSecretIsSealedAtRest()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		Poco::Data::Session db = f.identity.database().session();
		std::string stored;
		Poco::Int64 id = e.principal.userId;
		db << "SELECT secret FROM totp_factors WHERE user_id = ?", use(id), into(stored), now;
		CPPUNIT_ASSERT(!stored.empty());
		CPPUNIT_ASSERT(stored.find(e.secret) == std::string::npos);
		std::vector<std::string> hashes;
		db << "SELECT code_hash FROM recovery_codes WHERE user_id = ?", use(id), into(hashes), now;
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), hashes.size());
		for (const std::string& code: e.recoveryCodes)
			for (const std::string& hash: hashes) CPPUNIT_ASSERT(hash.find(code) == std::string::npos);
	}

	void testConfirmReturnsTenDistinctRecoveryCodes()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		std::set<std::string> distinct(e.recoveryCodes.begin(), e.recoveryCodes.end());
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), distinct.size());
		for (const std::string& code: e.recoveryCodes) CPPUNIT_ASSERT_EQUAL(std::size_t(19), code.size()); // xxxx-xxxx-xxxx-xxxx
	}

	void testLoginAsksForTheSecondFactor()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto outcome = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		CPPUNIT_ASSERT(!outcome.tokens);
		CPPUNIT_ASSERT(!outcome.mfaChallenge.empty());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), outcome.mfaMethods.size());
		CPPUNIT_ASSERT_EQUAL(std::string("totp"), outcome.mfaMethods[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("recovery_code"), outcome.mfaMethods[1]);
		// The confirmation used this step: the next one is accepted (drift).
		auto pair = f.service().completeLogin(outcome.mfaChallenge, "totp", Fixture::codeAt(e.secret, 30), f.identity.context);
		CPPUNIT_ASSERT_EQUAL(e.principal.userId, f.identity.module().authentication().authenticate(pair.accessToken).userId);
		// The challenge is spent.
		ASSERT_PROBLEM(f.service().completeLogin(outcome.mfaChallenge, "recovery_code", e.recoveryCodes[0], f.identity.context), Problem::OtpExpired);
		ASSERT_PROBLEM(f.service().completeLogin("no-such-challenge", "totp", "123456", f.identity.context), Problem::OtpExpired);
		ASSERT_PROBLEM(f.service().completeLogin(outcome.mfaChallenge, "sms", "123456", f.identity.context), Problem::ValidationError);
	}

	void testReplayedStepRefused()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto first = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		std::string code = Fixture::codeAt(e.secret, 30);
		f.service().completeLogin(first.mfaChallenge, "totp", code, f.identity.context);
		auto second = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		ASSERT_PROBLEM(f.service().completeLogin(second.mfaChallenge, "totp", code, f.identity.context), Problem::InvalidOtp);
		// The code of the confirmation is refused too.
		ASSERT_PROBLEM(f.service().completeLogin(second.mfaChallenge, "totp", Fixture::codeAt(e.secret), f.identity.context), Problem::InvalidOtp);
	}

	void testRecoveryCodeSingleUse()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto first = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		// Case and dashes do not matter.
		std::string typed = Poco::toUpper(e.recoveryCodes[3]);
		typed.erase(4, 1);
		f.service().completeLogin(first.mfaChallenge, "recovery_code", typed, f.identity.context);
		auto second = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		ASSERT_PROBLEM(f.service().completeLogin(second.mfaChallenge, "recovery_code", e.recoveryCodes[3], f.identity.context), Problem::InvalidOtp);
		f.service().completeLogin(second.mfaChallenge, "recovery_code", e.recoveryCodes[4], f.identity.context);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), f.identity.module().admin().audit(e.principal.userId, "recovery_code_used", 1, 10).total);
	}

	void testRegenerateKillsOldSet()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto fresh = f.service().regenerateRecoveryCodes(e.principal, Fixture::codeAt(e.secret, 30), f.identity.context);
		CPPUNIT_ASSERT_EQUAL(std::size_t(10), fresh.size());
		auto challenge = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		ASSERT_PROBLEM(f.service().completeLogin(challenge.mfaChallenge, "recovery_code", e.recoveryCodes[0], f.identity.context), Problem::InvalidOtp);
		f.service().completeLogin(challenge.mfaChallenge, "recovery_code", fresh[0], f.identity.context);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), f.identity.module().admin().audit(e.principal.userId, "recovery_codes_regenerated", 1, 10).total);
	}

	void testFiveWrongAnswersEndTheChallenge()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto challenge = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
		for (int i = 0; i < SecondFactor::SecondFactorService::CHALLENGE_MAX_ANSWERS; ++i)
			ASSERT_PROBLEM(f.service().completeLogin(challenge.mfaChallenge, "recovery_code", "aaaa-aaaa-aaaa-aaaa", f.identity.context), Problem::InvalidOtp);
		ASSERT_PROBLEM(f.service().completeLogin(challenge.mfaChallenge, "recovery_code", e.recoveryCodes[0], f.identity.context), Problem::OtpExpired);
	}

	void testDisableWithPasswordOrCode()
	{
		Fixture f;
		Enrolled a = enrol(f, "ada@example.com");
		ASSERT_PROBLEM(f.service().disableTotp(a.principal, "", "", f.identity.context), Problem::ValidationError);
		ASSERT_PROBLEM(f.service().disableTotp(a.principal, "wrong password", "", f.identity.context), Problem::ValidationError);
		f.service().disableTotp(a.principal, "correct horse battery", "", f.identity.context);
		CPPUNIT_ASSERT(!f.service().isTotpEnabled(a.principal.userId));
		CPPUNIT_ASSERT(f.identity.lastMailContaining("ada@example.com", "authenticator").size() > 0);
		CPPUNIT_ASSERT(f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context).tokens);
		ASSERT_PROBLEM(f.service().disableTotp(a.principal, "correct horse battery", "", f.identity.context), Problem::NotFound);

		Enrolled b = enrol(f, "bob@example.com");
		ASSERT_PROBLEM(f.service().disableTotp(b.principal, "", Fixture::codeAt(b.secret), f.identity.context), Problem::InvalidOtp); // the confirmation's step
		f.service().disableTotp(b.principal, "", Fixture::codeAt(b.secret, 30), f.identity.context);
		CPPUNIT_ASSERT(!f.service().isTotpEnabled(b.principal.userId));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), f.identity.module().admin().audit(b.principal.userId, "mfa_disabled", 1, 10).total);
	}

	void testAdminResetRemovesTheFactor()
	{
		Fixture f;
		Enrolled e = enrol(f, "ada@example.com");
		auto admin = f.identity.module().admin().createAdmin("root@example.com", "correct horse battery", f.identity.context);
		Identity::Principal adminPrincipal;
		adminPrincipal.userId = admin.id;
		f.service().resetByAdmin(e.principal.userId, adminPrincipal, f.identity.context);
		CPPUNIT_ASSERT(!f.service().isTotpEnabled(e.principal.userId));
		CPPUNIT_ASSERT(f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context).tokens);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), f.identity.module().admin().audit(e.principal.userId, "mfa_reset_by_admin", 1, 10).total);
		ASSERT_PROBLEM(f.service().resetByAdmin(987654, adminPrincipal, f.identity.context), Problem::NotFound);
	}

	void testAdminRequireOtpAcceptsTotp()
	{
		Fixture f([](Identity::IdentitySettings& s) { s.adminRequireOtp = true; });
		f.identity.module().admin().createAdmin("root@example.com", "correct horse battery", f.identity.context);
		// Without TOTP an administrator gets the emailed code.
		auto emailed = f.identity.module().authentication().beginLogin("root@example.com", "correct horse battery", f.identity.context);
		CPPUNIT_ASSERT(!emailed.otpChallenge.empty());
		auto pair = f.identity.module().authentication().completeOtpLogin(emailed.otpChallenge, f.identity.mailedOtp("root@example.com"), f.identity.context);
		auto principal = f.identity.module().authentication().authenticate(pair.accessToken);
		auto setup = f.service().setupTotp(principal, f.identity.context);
		f.service().confirmTotp(principal, Fixture::codeAt(setup.secret), f.identity.context);
		auto outcome = f.identity.module().authentication().beginLogin("root@example.com", "correct horse battery", f.identity.context);
		CPPUNIT_ASSERT(outcome.otpChallenge.empty());
		CPPUNIT_ASSERT(!outcome.mfaChallenge.empty());
		auto tokens = f.service().completeLogin(outcome.mfaChallenge, "totp", Fixture::codeAt(setup.secret, 30), f.identity.context);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), f.identity.module().authentication().authenticate(tokens.accessToken).role);
	}

	void testWithoutKeyServiceUnavailable()
	{
		IdentityFixture identity;
		SecondFactor::SecondFactorSettings settings;
		SecondFactor::SecondFactorModule module(identity.database(), identity.cache(), identity.mailer(), identity.module(), settings);
		identity.registerVerified("ada@example.com");
		auto outcome = identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", identity.context);
		auto principal = identity.module().authentication().authenticate(outcome.tokens->accessToken);
		ASSERT_PROBLEM(module.service().setupTotp(principal, identity.context), Problem::ServiceUnavailable);
	}

	static std::string smsCode(IdentityFixture& f, const std::string& to)
	{
		static const Poco::RegularExpression SIX("([0-9]{6})");
		std::vector<std::string> m;
		SIX.split(f.lastSms(to), m);
		CPPUNIT_ASSERT_MESSAGE("no code in SMS to " + to, m.size() == 2);
		return m[1];
	}

	void testSmsCodeLoginsStillAskForTheSecondFactor()
	{
		// phone/verify-login and phone/verify-signup of a known number are
		// logins: an account with an authenticator app still needs it.
		Fixture f([](Identity::IdentitySettings& s) { s.otpResendInterval = 1; });
		const std::string number = "+919876543219";
		Identity::PhoneAuthService& phone = f.identity.module().phone();
		phone.requestSignup(number, f.identity.context);
		bool created = false;
		Identity::LoginOutcome first = phone.verifySignup(number, smsCode(f.identity, number), created, f.identity.context);
		CPPUNIT_ASSERT(created && first.tokens);
		auto principal = f.identity.module().authentication().authenticate(first.tokens->accessToken);
		auto setup = f.service().setupTotp(principal, f.identity.context);
		f.service().confirmTotp(principal, Fixture::codeAt(setup.secret), f.identity.context);

		phone.requestLogin(number, f.identity.context);
		Identity::LoginOutcome login = phone.verifyLogin(number, smsCode(f.identity, number), f.identity.context);
		CPPUNIT_ASSERT(!login.tokens);
		CPPUNIT_ASSERT(!login.mfaChallenge.empty());

		Poco::Thread::sleep(1100); // the resend interval of the sign-up code
		phone.requestSignup(number, f.identity.context);
		Identity::LoginOutcome again = phone.verifySignup(number, smsCode(f.identity, number), created, f.identity.context);
		CPPUNIT_ASSERT(!created);
		CPPUNIT_ASSERT(!again.tokens);
		CPPUNIT_ASSERT(!again.mfaChallenge.empty());
		auto pair = f.service().completeLogin(again.mfaChallenge, "totp", Fixture::codeAt(setup.secret, 30), f.identity.context);
		CPPUNIT_ASSERT_EQUAL(principal.userId, f.identity.module().authentication().authenticate(pair.accessToken).userId);
	}

	void testWrongAnswersAcrossChallengesMeetTheLoginLockout()
	{
		// 5 wrong answers end a challenge; a new password login would give
		// 5 more, so the wrong answers count as failed logins too (NIST SP
		// 800-63B §5.2.2): the pair (email, address) locks at the threshold.
		Fixture f([](Identity::IdentitySettings& s) { s.rateLimits.enabled = true; });
		Enrolled e = enrol(f, "ada@example.com");
		bool locked = false;
		int answers = 0;
		for (int round = 0; round < 10 && !locked; ++round)
		{
			Identity::LoginOutcome outcome;
			try
			{
				outcome = f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context);
			}
			catch (Core::AuthException& exc)
			{
				CPPUNIT_ASSERT(exc.problem() == Problem::AccountLocked);
				locked = true;
				break;
			}
			CPPUNIT_ASSERT(!outcome.mfaChallenge.empty());
			try
			{
				++answers;
				f.service().completeLogin(outcome.mfaChallenge, "recovery_code", "aaaa-aaaa-aaaa-aaaa", f.identity.context);
				CPPUNIT_FAIL("a wrong recovery code was accepted");
			}
			catch (Core::AuthException& exc)
			{
				if (exc.problem() == Problem::AccountLocked) locked = true;
				else CPPUNIT_ASSERT(exc.problem() == Problem::InvalidOtp);
			}
		}
		CPPUNIT_ASSERT(locked);
		CPPUNIT_ASSERT(answers <= 6);
		// The right code is refused too while locked.
		ASSERT_PROBLEM(f.identity.module().authentication().beginLogin("ada@example.com", "correct horse battery", f.identity.context), Problem::AccountLocked);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(SecondFactorServiceTest);
