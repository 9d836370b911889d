//
// RegistrationServiceTest.cpp
//
// Registration rules and email verification by link and by code.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "AuthServer/Identity/Registration.h"
#include <thread>


using namespace AuthServer;
using AuthServer::Core::Problem;


namespace
{
	Identity::Registration valid(const std::string& email)
	{
		Identity::Registration r;
		r.email = email;
		r.password = "correct horse battery";
		r.passwordConfirm = r.password;
		r.fullName = "Ada Lovelace";
		return r;
	}
}


class RegistrationServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(RegistrationServiceTest);
	CPPUNIT_TEST(testRegisterStoresLowerCaseEmailAndMails);
	CPPUNIT_TEST(testActivationByCodeStoresInactiveAndMailsCode);
	CPPUNIT_TEST(testValidationCollectsFields);
	CPPUNIT_TEST(testPasswordMismatch);
	CPPUNIT_TEST(testWeakPassword);
	CPPUNIT_TEST(testAdminRoleRefused);
	CPPUNIT_TEST(testSupplierNeedsCompany);
	CPPUNIT_TEST(testSupplierRoleOnRegisterMayOmitCompany);
	CPPUNIT_TEST(testSupplierEndpointRegistersSuppliersOnly);
	CPPUNIT_TEST(testVerifyTakesTokenElseCode);
	CPPUNIT_TEST(testTakenEmailConflictsCaseInsensitively);
	CPPUNIT_TEST(testTakenEmailAnswersLikeNewWithPreventEnumeration);
	CPPUNIT_TEST(testPhoneNormalisedToE164);
	CPPUNIT_TEST(testVerifyByTokenIsSingleUse);
	CPPUNIT_TEST(testVerifyByCode);
	CPPUNIT_TEST(testCodeDiesAfterFiveWrongTries);
	CPPUNIT_TEST(testResendSupersedesEarlierToken);
	CPPUNIT_TEST(testResendsBoundedByHourlyCap);
	CPPUNIT_TEST(testResendForUnknownEmailSendsNothing);
	CPPUNIT_TEST(testExpiredTokenRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	void testRegisterStoresLowerCaseEmailAndMails()
	{
		IdentityFixture f;
		Identity::Account u = f.module().registration().registerUser(valid("Ada@Example.COM"), f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("ada@example.com"), *u.email);
		CPPUNIT_ASSERT(!u.emailVerified);
		std::string stored = *f.module().users().findById(u.id)->passwordHash;
		CPPUNIT_ASSERT(stored.compare(0, 10, "$argon2id$") == 0);
		CPPUNIT_ASSERT_EQUAL(1, f.mailCount());
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), f.mailedToken("ada@example.com").size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), f.mailedCode("ada@example.com").size());
		CPPUNIT_ASSERT(f.lastMail("ada@example.com").find("http://frontend.test/verify-email?token=") != std::string::npos);
	}

	void testActivationByCodeStoresInactiveAndMailsCode()
	{
		// The otp-activation profile (Docs/COMPAT.md): inactive until the
		// code comes back, a code mail (OtpService, purpose verify) instead
		// of the link, which verifyDestination accepts.
		IdentityFixture f;
		Identity::Registration r = valid("grace@example.com");
		r.activationByCode = true;
		Identity::Account u = f.module().registration().registerUser(r, f.context);
		CPPUNIT_ASSERT(!u.isActive);
		CPPUNIT_ASSERT(!f.module().users().findById(u.id)->isActive);
		CPPUNIT_ASSERT_EQUAL(1, f.mailCount());
		std::string mail = f.lastMail("grace@example.com");
		CPPUNIT_ASSERT(mail.find("/verify-email?token=") == std::string::npos);
		std::string code = f.mailedOtp("grace@example.com");
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), code.size());
		Identity::Account proven = f.module().otp().verifyDestination("email", "grace@example.com", code, f.context);
		CPPUNIT_ASSERT_EQUAL(u.id, proven.id);
		CPPUNIT_ASSERT(proven.emailVerified);
	}

	void testValidationCollectsFields()
	{
		IdentityFixture f;
		Identity::Registration r;
		r.email = "not-an-email";
		try
		{
			f.module().registration().registerUser(r, f.context);
			CPPUNIT_FAIL("accepted");
		}
		catch (Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::ValidationError);
			CPPUNIT_ASSERT(exc.errors().count("email"));
			CPPUNIT_ASSERT(exc.errors().count("full_name"));
			CPPUNIT_ASSERT(exc.errors().count("password"));
		}
		Identity::Registration longName = valid("a@example.com");
		longName.fullName = std::string(151, 'n');
		ASSERT_PROBLEM(f.module().registration().registerUser(longName, f.context), Problem::ValidationError);
	}

	void testPasswordMismatch()
	{
		IdentityFixture f;
		Identity::Registration r = valid("a@example.com");
		r.passwordConfirm = "something else entirely";
		ASSERT_PROBLEM(f.module().registration().registerUser(r, f.context), Problem::PasswordMismatch);
	}

	void testWeakPassword()
	{
		IdentityFixture f;
		Identity::Registration r = valid("a@example.com");
		r.password = r.passwordConfirm = "password1";
		ASSERT_PROBLEM(f.module().registration().registerUser(r, f.context), Problem::WeakPassword);
		r.password = r.passwordConfirm = "short";
		ASSERT_PROBLEM(f.module().registration().registerUser(r, f.context), Problem::WeakPassword);
		CPPUNIT_ASSERT_EQUAL(0, f.mailCount());
	}

	void testAdminRoleRefused()
	{
		IdentityFixture f;
		Identity::Registration r = valid("a@example.com");
		r.role = "admin";
		ASSERT_PROBLEM(f.module().registration().registerUser(r, f.context), Problem::ValidationError);
	}

	void testSupplierNeedsCompany()
	{
		IdentityFixture f;
		Identity::Registration r = valid("s@example.com");
		r.role = "supplier";
		r.companyNameRequired = true;
		ASSERT_PROBLEM(f.module().registration().registerUser(r, f.context), Problem::ValidationError);
		r.companyName = "ACME Ltd";
		Identity::Account u = f.module().registration().registerUser(r, f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), u.role);
		CPPUNIT_ASSERT_EQUAL(std::string("ACME Ltd"), *u.companyName);
	}

	void testSupplierRoleOnRegisterMayOmitCompany()
	{
		// API.md: company_name is required only on /register/supplier.
		IdentityFixture f;
		Identity::Registration r = valid("s2@example.com");
		r.role = "supplier";
		Identity::Account u = f.module().registration().registerUser(r, f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), u.role);
		CPPUNIT_ASSERT(!u.companyName);
	}

	void testSupplierEndpointRegistersSuppliersOnly()
	{
		// POST /register/supplier (moved from RegisterHandler): a role other
		// than "supplier" is refused before any other check, none or
		// "supplier" registers a supplier, and company_name is required.
		IdentityFixture f;
		Identity::Registration bad;   // every other field invalid too
		try
		{
			f.module().registration().registerSupplier(bad, std::string("user"), f.context);
			CPPUNIT_FAIL("role user on the supplier endpoint");
		}
		catch (Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::size_t(1), exc.errors().size());
			CPPUNIT_ASSERT_EQUAL(std::string("This endpoint registers suppliers only."), exc.errors().at("role").at(0));
		}
		ASSERT_PROBLEM(f.module().registration().registerSupplier(valid("s@example.com"), std::string(""), f.context), Problem::ValidationError);
		try
		{
			f.module().registration().registerSupplier(valid("s@example.com"), std::nullopt, f.context);
			CPPUNIT_FAIL("company_name is required on the supplier endpoint");
		}
		catch (Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.errors().count("company_name"));
		}
		Identity::Registration r = valid("s@example.com");
		r.companyName = "ACME Ltd";
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), f.module().registration().registerSupplier(r, std::nullopt, f.context).role);
		Identity::Registration named = valid("s3@example.com");
		named.companyName = "ACME Ltd";
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), f.module().registration().registerSupplier(named, std::string("supplier"), f.context).role);
	}

	void testVerifyTakesTokenElseCode()
	{
		// POST /verify-email (moved from VerifyEmailHandler): a token wins
		// over email and code; without one, email and code are required.
		IdentityFixture f;
		f.registerUser("ada@example.com");
		std::string code = f.mailedCode("ada@example.com");
		ASSERT_PROBLEM(f.module().registration().verify("not-a-token", "ada@example.com", code, f.context), Problem::InvalidToken);
		try
		{
			f.module().registration().verify("", "", "", f.context);
			CPPUNIT_FAIL("email and code are required without a token");
		}
		catch (Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.errors().count("email") && exc.errors().count("code"));
		}
		CPPUNIT_ASSERT(f.module().registration().verify("", "ADA@example.com", code, f.context).emailVerified);
	}

	void testTakenEmailConflictsCaseInsensitively()
	{
		IdentityFixture f;
		// An unproven email reserves nothing (issue 17 finding 1); a proven one is taken.
		f.module().registration().registerUser(valid("Ada@Example.com"), f.context);
		Identity::Account second = f.module().registration().registerUser(valid("ada@example.com"), f.context);
		CPPUNIT_ASSERT(second.id > 0 && !second.emailVerified);
		f.module().registration().verifyByToken(f.mailedToken("ada@example.com"), f.context);
		ASSERT_PROBLEM(f.module().registration().registerUser(valid("ADA@example.com"), f.context), Problem::Conflict);
	}

	void testTakenEmailAnswersLikeNewWithPreventEnumeration()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.preventEnumeration = true; });
		Identity::Account owner = f.module().registration().registerUser(valid("ada@example.com"), f.context);
		f.module().registration().verifyByToken(f.mailedToken("ada@example.com"), f.context); // taken means proven
		std::string ownerHash = *f.module().users().findById(owner.id)->passwordHash;
		Identity::Registration again = valid("ADA@example.com");
		again.password = again.passwordConfirm = "someone else's passphrase";
		again.fullName = "Mallory";
		Identity::Account answer = f.module().registration().registerUser(again, f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("ada@example.com"), *answer.email);
		CPPUNIT_ASSERT_EQUAL(std::string("Mallory"), answer.fullName);
		CPPUNIT_ASSERT_EQUAL(owner.id + 1, answer.id);
		CPPUNIT_ASSERT(!f.module().users().findById(answer.id));          // nothing stored
		CPPUNIT_ASSERT_EQUAL(ownerHash, *f.module().users().findById(owner.id)->passwordHash);
		CPPUNIT_ASSERT_EQUAL(std::string("Ada Lovelace"), f.module().users().findById(owner.id)->fullName);
		CPPUNIT_ASSERT(!f.lastMailContaining("ada@example.com", "tried to create a new").empty());
		// The next account gets the next id, as if the answer had been real.
		CPPUNIT_ASSERT_EQUAL(answer.id + 1, f.module().registration().registerUser(valid("bob@example.com"), f.context).id);
		// A taken (proven) phone number is not told either (issue 17 finding 7):
		// the registration stores it as a claim that never opens the account.
		f.module().phone().requestSignup("+916205829376", f.context);
		bool created = false;
		std::string sms = f.lastSms("+916205829376");
		Poco::Int64 numberOwner = f.module().phone().verifySignup("+916205829376", sms.substr(sms.find_first_of("0123456789"), 6), created, f.context).tokens->user.id;
		Identity::Registration phone = valid("p2@example.com");
		phone.phoneNumber = "+916205829376";
		Identity::Account claimant = f.module().registration().registerUser(phone, f.context);
		CPPUNIT_ASSERT(!claimant.phoneVerified);
		CPPUNIT_ASSERT_EQUAL(numberOwner, f.module().users().findByProvenPhone("+916205829376")->id);
	}

	void testPhoneNormalisedToE164()
	{
		IdentityFixture f;
		Identity::Registration r = valid("p@example.com");
		r.phoneNumber = "+91 62058 29376";
		CPPUNIT_ASSERT_EQUAL(std::string("+916205829376"), *f.module().registration().registerUser(r, f.context).phoneNumber);
		Identity::Registration bad = valid("q@example.com");
		bad.phoneNumber = "12345";
		ASSERT_PROBLEM(f.module().registration().registerUser(bad, f.context), Problem::InvalidPhoneNumber);
		// An unproven number reserves nothing (issue 17 finding 1).
		Identity::Registration claim = valid("r@example.com");
		claim.phoneNumber = "+916205829376";
		CPPUNIT_ASSERT(!f.module().registration().registerUser(claim, f.context).phoneVerified);
	}

	void testVerifyByTokenIsSingleUse()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		std::string token = f.mailedToken("ada@example.com");
		Identity::Account u = f.module().registration().verifyByToken(token, f.context);
		CPPUNIT_ASSERT(u.emailVerified);
		try
		{
			f.module().registration().verifyByToken(token, f.context);
			CPPUNIT_FAIL("token used twice");
		}
		catch (Core::AuthException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::InvalidToken);
			CPPUNIT_ASSERT_EQUAL(400, exc.status());
		}
		ASSERT_PROBLEM(f.module().registration().verifyByToken("not-a-token", f.context), Problem::InvalidToken);
	}

	void testVerifyByCode()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		std::string code = f.mailedCode("ada@example.com");
		std::string wrong = code == "000000" ? "111111" : "000000";
		ASSERT_PROBLEM(f.module().registration().verifyByCode("ada@example.com", wrong, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(f.module().registration().verifyByCode("nobody@example.com", code, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT(f.module().registration().verifyByCode("ADA@example.com", code, f.context).emailVerified);
		ASSERT_PROBLEM(f.module().registration().verifyByCode("ada@example.com", code, f.context), Problem::InvalidToken);
	}

	void testCodeDiesAfterFiveWrongTries()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		std::string code = f.mailedCode("ada@example.com");
		std::string wrong = code == "000000" ? "111111" : "000000";
		for (int i = 0; i < 5; ++i)
			ASSERT_PROBLEM(f.module().registration().verifyByCode("ada@example.com", wrong, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(f.module().registration().verifyByCode("ada@example.com", code, f.context), Problem::InvalidToken);
	}

	void testResendSupersedesEarlierToken()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		std::string first = f.mailedToken("ada@example.com");
		f.module().registration().resendVerification("ada@example.com", f.context);
		CPPUNIT_ASSERT_EQUAL(2, f.mailCount());
		std::string second = f.mailedToken("ada@example.com");
		CPPUNIT_ASSERT(first != second);
		ASSERT_PROBLEM(f.module().registration().verifyByToken(first, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT(f.module().registration().verifyByToken(second, f.context).emailVerified);
		f.module().registration().resendVerification("ada@example.com", f.context);
		CPPUNIT_ASSERT_EQUAL(3, f.mailCount()); // the welcome mail; verified: no verification sent
	}

	void testResendsBoundedByHourlyCap()
	{
		IdentityFixture f;
		f.registerUser("ada@example.com");
		for (int i = 0; i < 8; ++i) f.module().registration().resendVerification("ada@example.com", f.context);
		CPPUNIT_ASSERT_EQUAL(5, f.mailCount()); // otp.maxSendsPerHour: the registration mail and 4 resends
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(4), f.module().otp().droppedSends());
	}

	void testResendForUnknownEmailSendsNothing()
	{
		IdentityFixture f;
		f.module().registration().resendVerification("nobody@example.com", f.context);
		f.module().registration().resendVerification("not an email", f.context);
		CPPUNIT_ASSERT_EQUAL(0, f.mailCount());
	}

	void testExpiredTokenRefused()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.verificationLifetime = 1; });
		f.registerUser("ada@example.com");
		std::string token = f.mailedToken("ada@example.com");
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		ASSERT_PROBLEM(f.module().registration().verifyByToken(token, f.context), Problem::InvalidToken);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(RegistrationServiceTest);
