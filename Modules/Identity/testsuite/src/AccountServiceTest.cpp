//
// AccountServiceTest.cpp
//
// Profile updates and password change.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"


using namespace AuthServer;
using AuthServer::Core::Problem;


class AccountServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(AccountServiceTest);
	CPPUNIT_TEST(testPartialUpdate);
	CPPUNIT_TEST(testFieldLimits);
	CPPUNIT_TEST(testSmsChannelNeedsVerifiedPhone);
	CPPUNIT_TEST(testChangePasswordKeepsThisSessionOnly);
	CPPUNIT_TEST(testChangePasswordWrongOld);
	CPPUNIT_TEST(testChangePasswordRules);
	CPPUNIT_TEST_SUITE_END();

public:
	void testPartialUpdate()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto pair = f.module().authentication().login("ada@example.com", "correct horse battery", f.context);
		auto p = f.module().authentication().authenticate(pair.accessToken);
		Identity::ProfileChanges c;
		c.bio = "Analyst";
		c.birthDate = std::optional<std::string>("1815-12-10");
		c.avatarUrl = "https://example.com/ada.png";
		Identity::Account u = f.module().accounts().updateProfile(p, c, f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("Analyst"), u.bio);
		CPPUNIT_ASSERT_EQUAL(std::string("Test User"), u.fullName);
		CPPUNIT_ASSERT_EQUAL(std::string("1815-12-10"), *u.birthDate);
		// The cached user seen by the next request reflects the change.
		CPPUNIT_ASSERT_EQUAL(std::string("Analyst"), f.module().authentication().authenticate(pair.accessToken).user.bio);
		Identity::ProfileChanges clear;
		clear.birthDate = std::optional<std::string>();
		CPPUNIT_ASSERT(!f.module().accounts().updateProfile(p, clear, f.context).birthDate);
	}

	void testFieldLimits()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto p = f.module().authentication().authenticate(f.module().authentication().login("ada@example.com", "correct horse battery", f.context).accessToken);
		Identity::ProfileChanges c;
		c.bio = std::string(501, 'b');
		c.location = std::string(101, 'l');
		c.birthDate = std::optional<std::string>("2999-01-01");
		c.avatarUrl = "javascript:alert(1)";
		c.fullName = "  ";
		try
		{
			f.module().accounts().updateProfile(p, c, f.context);
			CPPUNIT_FAIL("accepted");
		}
		catch (Core::ValidationException& exc)
		{
			for (const char* field: {"bio", "location", "birth_date", "avatar_url", "full_name"})
				CPPUNIT_ASSERT_MESSAGE(field, exc.errors().count(field));
		}
		Identity::ProfileChanges badDate;
		badDate.birthDate = std::optional<std::string>("1995-02-30");
		ASSERT_PROBLEM(f.module().accounts().updateProfile(p, badDate, f.context), Problem::ValidationError);
		CPPUNIT_ASSERT_EQUAL(std::string(""), f.module().users().findById(p.userId)->bio);
	}

	void testSmsChannelNeedsVerifiedPhone()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto p = f.module().authentication().authenticate(f.module().authentication().login("ada@example.com", "correct horse battery", f.context).accessToken);
		Identity::ProfileChanges c;
		c.otpChannel = "sms";
		ASSERT_PROBLEM(f.module().accounts().updateProfile(p, c, f.context), Problem::ValidationError);
		c.otpChannel = "pigeon";
		ASSERT_PROBLEM(f.module().accounts().updateProfile(p, c, f.context), Problem::ValidationError);
	}

	void testChangePasswordKeepsThisSessionOnly()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto& auth = f.module().authentication();
		auto mine = auth.login("ada@example.com", "correct horse battery", f.context);
		auto other = auth.login("ada@example.com", "correct horse battery", f.context);
		int mailsBefore = f.mailCount();
		f.module().accounts().changePassword(auth.authenticate(mine.accessToken), "correct horse battery", "new violet tuba 42", "new violet tuba 42", f.context);
		CPPUNIT_ASSERT_NO_THROW(auth.authenticate(mine.accessToken));
		ASSERT_PROBLEM(auth.authenticate(other.accessToken), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.refresh(other.refreshToken, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(auth.login("ada@example.com", "correct horse battery", f.context), Problem::InvalidCredentials);
		CPPUNIT_ASSERT_NO_THROW(auth.login("ada@example.com", "new violet tuba 42", f.context));
		CPPUNIT_ASSERT_EQUAL(mailsBefore + 1, f.mailCount());
		CPPUNIT_ASSERT(f.lastMail("ada@example.com").find("password") != std::string::npos);
	}

	void testChangePasswordWrongOld()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto p = f.module().authentication().authenticate(f.module().authentication().login("ada@example.com", "correct horse battery", f.context).accessToken);
		try
		{
			f.module().accounts().changePassword(p, "not my password", "new violet tuba 42", "new violet tuba 42", f.context);
			CPPUNIT_FAIL("accepted");
		}
		catch (Core::ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::ValidationError);
			CPPUNIT_ASSERT(exc.errors().count("old_password"));
		}
	}

	void testChangePasswordRules()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		auto p = f.module().authentication().authenticate(f.module().authentication().login("ada@example.com", "correct horse battery", f.context).accessToken);
		ASSERT_PROBLEM(f.module().accounts().changePassword(p, "correct horse battery", "new violet tuba 42", "other", f.context), Problem::PasswordMismatch);
		ASSERT_PROBLEM(f.module().accounts().changePassword(p, "correct horse battery", "iloveyou", "iloveyou", f.context), Problem::WeakPassword);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(AccountServiceTest);
