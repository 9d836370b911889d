//
// SecondFactorStoreTest.cpp
//
// The second-factor stores against SQLite (a temporary file) and, when
// AUTHSERVER_TEST_POSTGRESQL_URL names a database, PostgreSQL.
//


#include "AuthServer/SecondFactor/RecoveryCodeStore.h"
#include "AuthServer/SecondFactor/TotpStore.h"
#include "AuthServer/SecondFactor/WebAuthnCredentialStore.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "AuthServer/Persistence/UserStore.h"
#include "Poco/Data/Session.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer;
using namespace AuthServer::SecondFactor;


class SecondFactorStoreTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SecondFactorStoreTest);
	CPPUNIT_TEST(testStoresAndEnrollmentOnSqlite);
	CPPUNIT_TEST(testPostgresSecondFactorStatementsArePrepared);
	CPPUNIT_TEST_SUITE_END();

public:
	static std::string migrations(const std::string& dialect)
	{
		return Poco::Path(Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".")).append("Migrations/" + dialect).toString();
	}

	static void exercise(Persistence::Database& db, const std::string& unique)
		/// Every statement of the three stores once, checking each answer.
	{
		Persistence::UserStore users(db);
		TotpStore totp(db);
		RecoveryCodeStore codes(db);
		WebAuthnCredentialStore passkeys(db);
		Persistence::User u;
		u.email = "factors-" + unique + "@example.com";
		u.fullName = "Factors";
		u.createdAt = u.updatedAt = 1;
		Poco::Int64 id = users.insert(u);

		TotpStore::Enrollment none = totp.enrollment(id);
		CPPUNIT_ASSERT(!none.totp);
		CPPUNIT_ASSERT_EQUAL(0, none.recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(0, none.passkeys);

		CPPUNIT_ASSERT(totp.replacePending(id, "sealed", 10));
		CPPUNIT_ASSERT(!totp.enrollment(id).totp); // pending is not enabled
		CPPUNIT_ASSERT(totp.confirm(id, 5, 11));
		CPPUNIT_ASSERT(!totp.confirm(id, 6, 12));
		CPPUNIT_ASSERT(!totp.replacePending(id, "other", 13));
		std::optional<TotpFactor> factor = totp.find(id);
		CPPUNIT_ASSERT(factor.has_value());
		CPPUNIT_ASSERT_EQUAL(std::string("sealed"), factor->sealedSecret);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(11), factor->confirmedAt.value_or(0));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(5), factor->lastStep);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(10), factor->createdAt);
		CPPUNIT_ASSERT(totp.acceptStep(id, 6));
		CPPUNIT_ASSERT(!totp.acceptStep(id, 6));

		codes.replace(id, {RecoveryCodeStore::StoredCode{0, "s1", "h1"}, RecoveryCodeStore::StoredCode{0, "s2", "h2"}}, 20);
		std::vector<RecoveryCodeStore::StoredCode> unused = codes.unused(id);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), unused.size());
		CPPUNIT_ASSERT_EQUAL(std::string("s1"), unused[0].salt);
		CPPUNIT_ASSERT_EQUAL(std::string("h2"), unused[1].codeHash);
		CPPUNIT_ASSERT(codes.spend(unused[0].id, 21));
		CPPUNIT_ASSERT(!codes.spend(unused[0].id, 22));
		CPPUNIT_ASSERT_EQUAL(1, codes.remaining(id));

		WebAuthnCredential c;
		c.userId = id;
		c.credentialId = "cred-" + unique;
		c.userHandle = "handle";
		c.publicKey = "key";
		c.algorithm = -7;
		c.name = "Laptop";
		c.transports = "internal,hybrid";
		c.createdAt = 30;
		std::optional<Poco::Int64> credentialRow = passkeys.insert(c);
		CPPUNIT_ASSERT(credentialRow.has_value());
		CPPUNIT_ASSERT(!passkeys.insert(c).has_value()); // the same credential id again
		CPPUNIT_ASSERT(passkeys.recordUse(*credentialRow, 3, 31));
		CPPUNIT_ASSERT(!passkeys.recordUse(*credentialRow, 2, 32)); // a counter going back
		std::optional<WebAuthnCredential> found = passkeys.findByCredentialId(c.credentialId);
		CPPUNIT_ASSERT(found.has_value());
		CPPUNIT_ASSERT_EQUAL(id, found->userId);
		CPPUNIT_ASSERT_EQUAL(-7, found->algorithm);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), found->signCount);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(31), found->lastUsedAt.value_or(0));
		CPPUNIT_ASSERT_EQUAL(std::string("internal,hybrid"), found->transports);
		c.credentialId = "cred2-" + unique;
		CPPUNIT_ASSERT(passkeys.insert(c).has_value());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), passkeys.forUser(id).size());

		TotpStore::Enrollment all = totp.enrollment(id);
		CPPUNIT_ASSERT(all.totp);
		CPPUNIT_ASSERT_EQUAL(1, all.recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(2, all.passkeys);

		CPPUNIT_ASSERT(passkeys.remove(id, *credentialRow));
		CPPUNIT_ASSERT(!passkeys.remove(id, *credentialRow));
		CPPUNIT_ASSERT_EQUAL(1, passkeys.removeAll(id));
		codes.removeAll(id);
		CPPUNIT_ASSERT(totp.remove(id));
		CPPUNIT_ASSERT(!totp.remove(id));
		TotpStore::Enrollment gone = totp.enrollment(id);
		CPPUNIT_ASSERT(!gone.totp);
		CPPUNIT_ASSERT_EQUAL(0, gone.recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(0, gone.passkeys);
	}

	void testStoresAndEnrollmentOnSqlite()
	{
		std::string path = Poco::TemporaryFile::tempName() + ".db";
		{
			Persistence::Database db("sqlite", path, 2);
			Persistence::MigrationRunner(db, migrations("sqlite")).migrate();
			exercise(db, "sqlite");
		}
		for (const char* suffix: {"", "-wal", "-shm"})
		{
			Poco::File f(path + suffix);
			if (f.exists()) f.remove();
		}
	}

	void testPostgresSecondFactorStatementsArePrepared()
	{
		// Issue 14: through POCO 1.11 a statement is four round trips to
		// PostgreSQL (prepare, describe, execute, deallocate); the
		// second-factor stores were 8 of a login's 16 sends. Each of their
		// statements is now prepared once per connection (one round trip
		// after that), and the login gate asks all three tables at once.
		std::string url = Poco::Environment::get("AUTHSERVER_TEST_POSTGRESQL_URL", "");
		if (url.empty()) return;
		{
			Persistence::Database migrate("postgresql", url, 2);
			Persistence::MigrationRunner(migrate, migrations("postgresql")).migrate();
		}
		Persistence::Database pg("postgresql", url, 1); // one connection: the one whose prepared statements are counted
		exercise(pg, Poco::Path(Poco::TemporaryFile::tempName()).getFileName());
		Poco::Data::Session db = pg.session();
		auto prepared = [&](const std::string& table)
		{
			Poco::Int64 n = 0;
			std::string pattern = "%" + table + "%";
			db << "SELECT COUNT(*) FROM pg_prepared_statements WHERE name LIKE 'authserver_s%' AND statement LIKE $1",
				Poco::Data::Keywords::into(n), Poco::Data::Keywords::bind(pattern), Poco::Data::Keywords::now;
			return n;
		};
		// find, upsert, confirm, accept, delete, and the enrollment query
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(6), prepared("totp_factors"));
		// delete, insert, unused, spend, remaining, enrollment
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(6), prepared("recovery_codes"));
		// insert, by user, by credential id, record use, remove, remove all, enrollment
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), prepared("webauthn_credentials"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(SecondFactorStoreTest);
