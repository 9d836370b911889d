//
// CompatRegistrationTest.cpp
//
// The username rule of the signup and otp-activation profiles
// (Docs/COMPAT.md "signup": Django's UnicodeUsernameValidator, 150), and
// the sign-up written as one unit (issue 18: no half-written account).
//


#include "AuthServer/Compat/CompatRegistration.h"
#include "AuthServer/Identity/Registration.h"
#include "IdentityFixture.h"
#include "Poco/Data/DataException.h"
#include "Poco/Data/Session.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace Poco::Data::Keywords;
using AuthServer::Compat::CompatRegistration;
using AuthServer::Core::ValidationException;


class CompatRegistrationTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CompatRegistrationTest);
	CPPUNIT_TEST(testUsernameDjangoRule);
	CPPUNIT_TEST(testPendingWriteFailureLeavesNoUser);
	CPPUNIT_TEST(testUsernameTakenConcurrentlyLeavesNoUser);
	CPPUNIT_TEST(testRegisteredAccountCarriesUsername);
	CPPUNIT_TEST_SUITE_END();

	static AuthServer::Identity::Registration pending(const std::string& email)
	{
		AuthServer::Identity::Registration r;
		r.email = email;
		r.password = "correct horse battery";
		r.passwordConfirm = r.password;
		r.fullNameRequired = false;
		r.activationByCode = true;
		return r;
	}

	static Poco::Int64 count(IdentityFixture& fixture, const std::string& sql, const std::string& value)
	{
		Poco::Data::Session db = fixture.database().session();
		Poco::Int64 n = 0;
		std::string v = value;
		db << sql, into(n), bind(v), now;
		return n;
	}

	static Poco::Int64 accountsOf(IdentityFixture& fixture, const std::string& email)
	{
		Poco::Data::Session db = fixture.database().session();
		Poco::Int64 n = 0;
		std::string e = email;
		db << "SELECT COUNT(*) FROM users WHERE email = ? OR pending_email = ?", into(n), bind(e), bind(e), now;
		return n;
	}

	static std::string error(const std::string& username)
	{
		ValidationException::FieldErrors errors;
		CompatRegistration::checkUsername(username, "username", errors);
		if (errors.empty()) return "";
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors["username"].size());
		return errors["username"][0];
	}

public:
	void testUsernameDjangoRule()
	{
		CPPUNIT_ASSERT_EQUAL(std::string(), error("asha.rao+1@x_y-z"));
		CPPUNIT_ASSERT_EQUAL(std::string(), error("\xC3\xA9lodie")); // letters of any script
		CPPUNIT_ASSERT_EQUAL(std::string(), error(std::string(150, 'a')));
		CPPUNIT_ASSERT_EQUAL(std::string("Ensure this field has no more than 150 characters."), error(std::string(151, 'a')));
		CPPUNIT_ASSERT_EQUAL(std::string("This field may not be blank."), error(""));
		const std::string invalid = "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.";
		CPPUNIT_ASSERT_EQUAL(invalid, error("two words"));
		CPPUNIT_ASSERT_EQUAL(invalid, error("semi;colon"));
		CPPUNIT_ASSERT_EQUAL(invalid, error("bad\xFFutf8"));
	}

	void testPendingWriteFailureLeavesNoUser()
	{
		// The server failing between the user insert and the pending row
		// (here: the pending row's insert fails) must not leave an
		// inactive account that no code can activate.
		IdentityFixture fixture;
		{
			Poco::Data::Session db = fixture.database().session();
			db << "CREATE TRIGGER fail_pending BEFORE INSERT ON compat_pending_activations BEGIN SELECT RAISE(ABORT, 'simulated failure'); END", now;
		}
		CompatRegistration registration(fixture.module(), fixture.database());
		CPPUNIT_ASSERT_THROW(registration.registerUser(pending("half@example.com"), std::string("half"), "username", fixture.context), Poco::Data::DataException);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), accountsOf(fixture, "half@example.com"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count(fixture, "SELECT COUNT(*) FROM users WHERE username = ?", "half"));
		CPPUNIT_ASSERT_EQUAL(std::string(), fixture.lastMail("half@example.com")); // no code for an account that is not there
	}

	void testUsernameTakenConcurrentlyLeavesNoUser()
	{
		// A concurrent sign-up takes the username after the check: the
		// trigger gives it to another account the moment this user row
		// goes in, so the username write hits the unique index.
		IdentityFixture fixture;
		AuthServer::Persistence::User other = fixture.registerUser("other@example.com");
		{
			Poco::Data::Session db = fixture.database().session();
			db << "CREATE TRIGGER race AFTER INSERT ON users WHEN NEW.pending_email = 'late@example.com' BEGIN "
				"UPDATE users SET username = 'Racer' WHERE id = " + std::to_string(other.id) + "; END", now;
		}
		CompatRegistration registration(fixture.module(), fixture.database());
		try
		{
			registration.registerUser(pending("late@example.com"), std::string("racer"), "username", fixture.context);
			CPPUNIT_FAIL("a username taken meanwhile must be refused");
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string(CompatRegistration::USERNAME_TAKEN), exc.errors().at("username").at(0));
		}
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), accountsOf(fixture, "late@example.com"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count(fixture, "SELECT COUNT(*) FROM compat_pending_activations WHERE 1 = ?", "1"));
		// The whole unit rolled back: the trigger's write too.
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count(fixture, "SELECT COUNT(*) FROM users WHERE username = ?", "Racer"));
		CPPUNIT_ASSERT_EQUAL(std::string(), fixture.lastMail("late@example.com"));
	}

	void testRegisteredAccountCarriesUsername()
	{
		IdentityFixture fixture;
		CompatRegistration registration(fixture.module(), fixture.database());
		AuthServer::Identity::Account account = registration.registerUser(pending("named@example.com"), std::string("named"), "username", fixture.context);
		CPPUNIT_ASSERT(account.username && *account.username == "named");
		CPPUNIT_ASSERT(!account.isActive);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count(fixture, "SELECT COUNT(*) FROM compat_pending_activations WHERE user_id = CAST(? AS INTEGER)", std::to_string(account.id)));
		// Read back through the directory (cache codec included).
		std::optional<AuthServer::Persistence::User> cached = fixture.module().directory().get(account.id);
		cached = fixture.module().directory().get(account.id);
		CPPUNIT_ASSERT(cached && cached->username && *cached->username == "named");
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(CompatRegistrationTest);
