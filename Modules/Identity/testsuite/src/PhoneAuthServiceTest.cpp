//
// PhoneAuthServiceTest.cpp
//
// Phone sign-up and login by SMS code, and profile completion.
//


#include "IdentityFixture.h"
#include "AuthServer/Identity/Registration.h"
#include "ProblemAssert.h"
#include "Poco/RegularExpression.h"


using namespace AuthServer;
using AuthServer::Core::Problem;


class PhoneAuthServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PhoneAuthServiceTest);
	CPPUNIT_TEST(testSignupCreatesPhoneOnlyAccount);
	CPPUNIT_TEST(testLoginOnlyForKnownActiveNumbers);
	CPPUNIT_TEST(testCompleteProfileAddsEmailOnce);
	CPPUNIT_TEST(testFinding1SignupNeverOpensAnUnprovenClaim);
	CPPUNIT_TEST_SUITE_END();

public:
	static std::string code(IdentityFixture& f, const std::string& to)
	{
		static const Poco::RegularExpression SIX("([0-9]{6})");
		std::vector<std::string> m;
		SIX.split(f.lastSms(to), m);
		CPPUNIT_ASSERT_MESSAGE("no code in SMS to " + to, m.size() == 2);
		return m[1];
	}

	void testSignupCreatesPhoneOnlyAccount()
	{
		IdentityFixture f;
		auto& phone = f.module().phone();
		phone.requestSignup("+91 98765 43210", f.context);
		bool created = false;
		ASSERT_PROBLEM(phone.verifySignup("+919876543210", "000000", created, f.context), Problem::InvalidOtp);
		Identity::TokenPair pair = *phone.verifySignup("+919876543210", code(f, "+919876543210"), created, f.context).tokens;
		CPPUNIT_ASSERT(created);
		CPPUNIT_ASSERT(pair.user.needsProfileCompletion);
		CPPUNIT_ASSERT(pair.user.phoneVerified);
		CPPUNIT_ASSERT(!pair.user.email);
		CPPUNIT_ASSERT(!f.module().users().findById(pair.user.id)->passwordHash);
		CPPUNIT_ASSERT(f.module().users().findById(pair.user.id)->lastLoginAt);
		ASSERT_PROBLEM(phone.requestSignup("12", f.context), Problem::InvalidPhoneNumber);
	}

	void testLoginOnlyForKnownActiveNumbers()
	{
		IdentityFixture f;
		auto& phone = f.module().phone();
		int before = f.smsCount();
		phone.requestLogin("+919876543211", f.context);
		CPPUNIT_ASSERT_EQUAL(before, f.smsCount());
		ASSERT_PROBLEM(phone.verifyLogin("+919876543211", "123456", f.context), Problem::InvalidOtp);
		phone.requestSignup("+919876543211", f.context);
		bool created = false;
		Identity::TokenPair first = *phone.verifySignup("+919876543211", code(f, "+919876543211"), created, f.context).tokens;
		phone.requestLogin("+919876543211", f.context);
		Identity::TokenPair pair = *phone.verifyLogin("+919876543211", code(f, "+919876543211"), f.context).tokens;
		CPPUNIT_ASSERT_EQUAL(first.user.id, pair.user.id);
	}

	void testCompleteProfileAddsEmailOnce()
	{
		IdentityFixture f;
		auto& phone = f.module().phone();
		phone.requestSignup("+919876543212", f.context);
		bool created = false;
		Identity::TokenPair pair = *phone.verifySignup("+919876543212", code(f, "+919876543212"), created, f.context).tokens;
		auto p = f.module().authentication().authenticate(pair.accessToken);
		Identity::ProfileChanges c;
		ASSERT_PROBLEM(f.module().accounts().completeProfile(p, c, std::string("a@example.com"), f.context), Problem::ValidationError);
		c.fullName = "Priya";
		c.bio = std::string(501, 'b');
		ASSERT_PROBLEM(f.module().accounts().completeProfile(p, c, std::string("a@example.com"), f.context), Problem::ValidationError);
		CPPUNIT_ASSERT(!f.module().users().findById(p.userId)->email);
		c.bio.reset();
		auto u = f.module().accounts().completeProfile(p, c, std::string("A@Example.com"), f.context);
		CPPUNIT_ASSERT(!u.needsProfileCompletion);
		CPPUNIT_ASSERT_EQUAL(std::string("a@example.com"), *u.email);
		CPPUNIT_ASSERT(!f.mailedToken("a@example.com").empty());
		ASSERT_PROBLEM(f.module().accounts().completeProfile(p, c, std::string("b@example.com"), f.context), Problem::ValidationError);
	}

	void testFinding1SignupNeverOpensAnUnprovenClaim()
	{
		// Issue 17 finding 1 (c): a number another account only claimed is
		// proven by the SMS sign-up for a new account, which takes it.
		IdentityFixture f;
		Identity::Registration r;
		r.email = "mallory@example.com";
		r.password = r.passwordConfirm = "correct horse battery";
		r.fullName = "Mallory";
		r.phoneNumber = "+919876543219";
		Identity::Account mallory = f.module().registration().registerUser(r, f.context);
		auto& phone = f.module().phone();
		int before = f.smsCount();
		phone.requestLogin("+919876543219", f.context);
		CPPUNIT_ASSERT_EQUAL(before, f.smsCount()); // a claim never opens an account
		phone.requestSignup("+919876543219", f.context);
		bool created = false;
		Identity::TokenPair pair = *phone.verifySignup("+919876543219", code(f, "+919876543219"), created, f.context).tokens;
		CPPUNIT_ASSERT(created);
		CPPUNIT_ASSERT(pair.user.id != mallory.id);
		CPPUNIT_ASSERT(!f.module().users().findById(mallory.id)->phoneNumber);
		CPPUNIT_ASSERT_EQUAL(pair.user.id, f.module().users().findByProvenPhone("+919876543219")->id);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(PhoneAuthServiceTest);
