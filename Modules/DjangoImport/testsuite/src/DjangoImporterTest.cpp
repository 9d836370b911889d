//
// DjangoImporterTest.cpp
//
// `--import-django` on a migrated SQLite database: mapping, skips and
// drops, idempotence, the id sequence and dry runs.
//


#include "AuthServer/DjangoImport/DjangoImporter.h"
#include "AuthServer/DjangoImport/ImportStore.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "AuthServer/Persistence/UserStore.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/TestFixture.h>
#include <cppunit/extensions/HelperMacros.h>
#include <memory>


using namespace AuthServer;
using namespace AuthServer::DjangoImport;
using namespace Poco::Data::Keywords;


namespace
{
	const std::string HASH_A = "pbkdf2_sha256$1000$saltsaltsalt$GEHZoy4RKjjWscVDDC3oRCW01TuoO7cq9pkRC9CzKIo=";
	const std::string HASH_B = "pbkdf2_sha1$1000$saltsaltsalt$l4MR8o0MpBCyzhJddU3wv2+eyHA=";

	std::string user(int pk, const std::string& fields)
	{
		return "{\"model\": \"auth.user\", \"pk\": " + std::to_string(pk) + ", \"fields\": {" + fields + "}}";
	}

	std::string basic(int pk, const std::string& email, const std::string& password, const std::string& extra = "")
	{
		return user(pk, "\"password\": \"" + password + "\", \"last_login\": null, \"is_superuser\": false, \"username\": \"u" + std::to_string(pk)
			+ "\", \"first_name\": \"Ann\", \"last_name\": \"Lee\", \"email\": \"" + email + "\", \"is_staff\": false, \"is_active\": true, "
			"\"date_joined\": \"2024-05-01T10:00:00.123Z\", \"groups\": [], \"user_permissions\": []" + extra);
	}
}


class DjangoImporterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DjangoImporterTest);
	CPPUNIT_TEST(testImportMapsAuthUserFields);
	CPPUNIT_TEST(testReimportIsIdempotent);
	CPPUNIT_TEST(testReimportWithoutDateJoinedIsUnchanged);
	CPPUNIT_TEST(testPasswordReplacedOnlyWhenDumpHashChanged);
	CPPUNIT_TEST(testCoincidingEmailsSkippedByPk);
	CPPUNIT_TEST(testAccountsNotImportedAreNotOverwritten);
	CPPUNIT_TEST(testUsernameDuplicateAndUnsupportedHasherDropped);
	CPPUNIT_TEST(testIdSequenceMovesPastLargestPk);
	CPPUNIT_TEST(testDryRunWritesNothing);
	CPPUNIT_TEST(testObjectWithoutPkIsMalformedAndWritesNothing);
	CPPUNIT_TEST(testProfileModelFillsEmptyFields);
	CPPUNIT_TEST(testCustomModelPhoneAndVerification);
	CPPUNIT_TEST(testLegacyHashesReadThroughPartialIndex);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp()
	{
		_root = Poco::TemporaryFile::tempName();
		Poco::File(_root).createDirectories();
		_pDatabase.reset(new Persistence::Database("sqlite", Poco::Path(_root, "auth.db").toString(), 2));
		std::string source = Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".");
		Persistence::MigrationRunner(*_pDatabase, Poco::Path(source).append("Migrations/sqlite").toString()).migrate();
		_pUsers.reset(new Persistence::UserStore(*_pDatabase));
	}

	void tearDown()
	{
		_pUsers.reset();
		_pDatabase.reset();
		Poco::File(_root).remove(true);
	}

	void testImportMapsAuthUserFields()
	{
		ImportSummary s = run("[" + basic(7, "Ann.Lee@Example.COM", HASH_A, ", \"is_staff\": true") + ","
			+ "{\"model\": \"contenttypes.contenttype\", \"pk\": 1, \"fields\": {\"app_label\": \"auth\"}}]");
		CPPUNIT_ASSERT_EQUAL(std::string("imported 1, updated 0, unchanged 0, skipped 0, dropped 0"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), s.ignored);
		std::optional<Persistence::User> u = _pUsers->findById(7);
		CPPUNIT_ASSERT(u);
		CPPUNIT_ASSERT_EQUAL(std::string("ann.lee@example.com"), *u->email);
		CPPUNIT_ASSERT_EQUAL(std::string("Ann Lee"), u->fullName);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), u->role);
		CPPUNIT_ASSERT(u->emailVerified);
		CPPUNIT_ASSERT(u->isActive);
		CPPUNIT_ASSERT_EQUAL(HASH_A, *u->passwordHash);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1714557600), u->createdAt);
		CPPUNIT_ASSERT_EQUAL(std::string("u7"), username(7));
	}

	void testReimportIsIdempotent()
	{
		std::string dump = "[" + basic(1, "a@example.com", HASH_A) + "," + basic(2, "b@example.com", "!unusable") + "]";
		CPPUNIT_ASSERT_EQUAL(std::string("imported 2, updated 0, unchanged 0, skipped 0, dropped 0"), run(dump).countsLine());
		CPPUNIT_ASSERT_EQUAL(std::string("imported 0, updated 0, unchanged 2, skipped 0, dropped 0"), run(dump).countsLine());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM users"));
		CPPUNIT_ASSERT(!_pUsers->findById(2)->passwordHash);
		std::string changed = "[" + basic(1, "a@example.com", HASH_A, ", \"first_name\": \"Anna\"") + "," + basic(2, "b@example.com", "!unusable") + "]";
		CPPUNIT_ASSERT_EQUAL(std::string("imported 0, updated 1, unchanged 1, skipped 0, dropped 0"), run(changed).countsLine());
		CPPUNIT_ASSERT_EQUAL(std::string("Anna Lee"), _pUsers->findById(1)->fullName);
	}

	void testReimportWithoutDateJoinedIsUnchanged()
	{
		// A user without date_joined gets the import's time once; that time
		// is no change of the dump at the next import.
		std::string dump = "[" + user(5, "\"password\": \"!\", \"email\": \"a@example.com\"") + "]";
		CPPUNIT_ASSERT_EQUAL(std::string("imported 1, updated 0, unchanged 0, skipped 0, dropped 0"), run(dump).countsLine());
		Poco::Int64 createdAt = _pUsers->findById(5)->createdAt;
		CPPUNIT_ASSERT(createdAt > 1700000000);
		CPPUNIT_ASSERT_EQUAL(std::string("imported 0, updated 0, unchanged 1, skipped 0, dropped 0"), run(dump).countsLine());
		std::string changed = "[" + user(5, "\"password\": \"!\", \"email\": \"a@example.com\", \"first_name\": \"A\"") + "]";
		CPPUNIT_ASSERT_EQUAL(std::string("imported 0, updated 1, unchanged 0, skipped 0, dropped 0"), run(changed).countsLine());
		CPPUNIT_ASSERT_EQUAL(createdAt, _pUsers->findById(5)->createdAt);
	}

	void testPasswordReplacedOnlyWhenDumpHashChanged()
	{
		run("[" + basic(1, "a@example.com", HASH_A) + "]");
		// A login here rehashed it: a re-import of the same dump keeps that.
		_pUsers->setPasswordHash(1, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$dGFn", 0);
		run("[" + basic(1, "a@example.com", HASH_A, ", \"first_name\": \"Anna\"") + "]");
		CPPUNIT_ASSERT_EQUAL(std::string("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$dGFn"), *_pUsers->findById(1)->passwordHash);
		// The password changed in Django since: the dump's hash wins.
		run("[" + basic(1, "a@example.com", HASH_B) + "]");
		CPPUNIT_ASSERT_EQUAL(HASH_B, *_pUsers->findById(1)->passwordHash);
	}

	void testCoincidingEmailsSkippedByPk()
	{
		ImportSummary s = run("[" + basic(12, "Same@example.com", HASH_A) + "," + basic(17, "same@EXAMPLE.com", HASH_A) + "," + basic(20, "other@example.com", HASH_A) + "]");
		CPPUNIT_ASSERT_EQUAL(std::string("imported 1, updated 0, unchanged 0, skipped 2, dropped 0"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.lines.size());
		CPPUNIT_ASSERT_EQUAL(std::string("pk=12: email equals pk 17 lower-cased"), s.lines[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("pk=17: email equals pk 12 lower-cased"), s.lines[1]);
		CPPUNIT_ASSERT(!_pUsers->findById(12));
	}

	void testAccountsNotImportedAreNotOverwritten()
	{
		Persistence::User native;
		native.email = "native@example.com";
		native.emailVerified = true;
		native.createdAt = native.updatedAt = 1;
		Poco::Int64 id = _pUsers->insert(native);
		ImportSummary s = run("[" + basic(static_cast<int>(id), "x@example.com", HASH_A) + "," + basic(50, "native@example.com", HASH_A) + ","
			+ user(51, "\"password\": \"\", \"email\": \"\", \"username\": \"nobody\"") + "," + user(52, "\"password\": \"\", \"email\": \"not an address\"") + "]");
		CPPUNIT_ASSERT_EQUAL(std::string("imported 0, updated 0, unchanged 0, skipped 4, dropped 0"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL("pk=" + std::to_string(id) + ": pk held by an account not imported", s.lines[0]);
		CPPUNIT_ASSERT_EQUAL("pk=50: email held by account " + std::to_string(id), s.lines[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("pk=51: no email and no phone"), s.lines[2]);
		CPPUNIT_ASSERT_EQUAL(std::string("pk=52: invalid email"), s.lines[3]);
		CPPUNIT_ASSERT_EQUAL(std::string("native@example.com"), *_pUsers->findById(id)->email);
	}

	void testUsernameDuplicateAndUnsupportedHasherDropped()
	{
		ImportSummary s = run("[" + basic(1, "a@example.com", HASH_A, ", \"username\": \"Ann\"") + ","
			+ basic(2, "b@example.com", "md5$salt$0123456789abcdef0123456789abcdef", ", \"username\": \"ANN\"") + "]");
		CPPUNIT_ASSERT_EQUAL(std::string("imported 2, updated 0, unchanged 0, skipped 0, dropped 2"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(std::string("pk=2: password hasher md5 not supported: no password (reset or one-time code)"), s.lines[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("pk=2: username equals another account's (case-insensitive), dropped"), s.lines[1]);
		CPPUNIT_ASSERT(!_pUsers->findById(2)->passwordHash);
		CPPUNIT_ASSERT_EQUAL(std::string("Ann"), username(1));
		CPPUNIT_ASSERT_EQUAL(std::string(""), username(2));
	}

	void testIdSequenceMovesPastLargestPk()
	{
		run("[" + basic(900, "a@example.com", HASH_A) + "]");
		Persistence::User next;
		next.email = "new@example.com";
		next.createdAt = next.updatedAt = 1;
		CPPUNIT_ASSERT(_pUsers->insert(next) > 900);
	}

	void testDryRunWritesNothing()
	{
		DjangoImporter::Options options;
		options.dryRun = true;
		ImportSummary s = run("[" + basic(1, "a@example.com", HASH_A) + "," + basic(2, "b@example.com", HASH_A, ", \"username\": \"u1\"") + "]", options);
		CPPUNIT_ASSERT_EQUAL(std::string("imported 2, updated 0, unchanged 0, skipped 0, dropped 1"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count("SELECT COUNT(*) FROM users"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count("SELECT COUNT(*) FROM django_imports"));
	}

	void testObjectWithoutPkIsMalformedAndWritesNothing()
	{
		std::string dump = "[" + basic(1, "a@example.com", HASH_A) + ",\n{\"model\": \"auth.user\", \"fields\": {\"email\": \"b@example.com\"}}]";
		try
		{
			run(dump);
			CPPUNIT_FAIL("no exception");
		}
		catch (MalformedDumpException& exc)
		{
			CPPUNIT_ASSERT_EQUAL("byte " + std::to_string(dump.find("\n{") + 1) + ": a user object without an integer pk (dump without --natural-primary)", exc.message());
		}
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count("SELECT COUNT(*) FROM users"));
	}

	void testProfileModelFillsEmptyFields()
	{
		DjangoImporter::Options options;
		options.profileModel = "accounts.Profile";
		ImportSummary s = run("[{\"model\": \"accounts.profile\", \"pk\": 3, \"fields\": {\"user\": 1, \"bio\": \"Hi\", \"location\": \"Pune\", "
			"\"avatar\": \"javascript:alert(1)\", \"company_name\": \"Acme\"}}," + basic(1, "a@example.com", HASH_A) + "]", options);
		CPPUNIT_ASSERT_EQUAL(std::string("imported 1, updated 0, unchanged 0, skipped 0, dropped 0"), s.countsLine());
		std::optional<Persistence::User> u = _pUsers->findById(1);
		CPPUNIT_ASSERT_EQUAL(std::string("Hi"), u->bio);
		CPPUNIT_ASSERT_EQUAL(std::string("Pune"), u->location);
		CPPUNIT_ASSERT_EQUAL(std::string("Acme"), *u->companyName);
		CPPUNIT_ASSERT_EQUAL(std::string(""), u->avatarUrl);
	}

	void testCustomModelPhoneAndVerification()
	{
		DjangoImporter::Options options;
		options.userModel = "accounts.User";
		options.importUnverified = true;
		ImportSummary s = run("["
			"{\"model\": \"accounts.user\", \"pk\": 1, \"fields\": {\"password\": \"\", \"email\": \"\", \"phone_number\": \"98765 43210\", \"is_phone_verified\": true, \"name\": \"Ravi\", \"role\": \"supplier\"}},"
			"{\"model\": \"accounts.user\", \"pk\": 2, \"fields\": {\"password\": \"\", \"email\": \"c@example.com\", \"contact\": \"12\", \"avatar\": \"https://cdn.example.com/a.png\"}},"
			"{\"model\": \"auth.user\", \"pk\": 3, \"fields\": {\"email\": \"d@example.com\"}}]", options);
		CPPUNIT_ASSERT_EQUAL(std::string("imported 2, updated 0, unchanged 0, skipped 0, dropped 1"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(std::string("pk=2: invalid phone number in contact dropped"), s.lines.at(0));
		std::optional<Persistence::User> ravi = _pUsers->findById(1);
		CPPUNIT_ASSERT_EQUAL(std::string("+919876543210"), *ravi->phoneNumber);
		CPPUNIT_ASSERT(ravi->phoneVerified);
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), ravi->role);
		CPPUNIT_ASSERT_EQUAL(std::string("Ravi"), ravi->fullName);
		std::optional<Persistence::User> c = _pUsers->findById(2);
		CPPUNIT_ASSERT(!c->emailVerified);
		CPPUNIT_ASSERT_EQUAL(std::string("https://cdn.example.com/a.png"), c->avatarUrl);
		CPPUNIT_ASSERT(!_pUsers->findById(3));
	}

	void testBatchChecksSeeEarlierUsersAsOneByOne()
	{
		// Within one batch (looked up at once, inserted at its end) a user's
		// checks see the users before it as an import one by one does: a
		// phone or username taken earlier in the batch, a pk twice, and a
		// phone an earlier update of the same batch gave up.
		run("[" + basic(1, "a@example.com", HASH_A, ", \"phone\": \"+919876543210\"") + "]");
		std::string dump = "[" + basic(1, "a@example.com", HASH_A, ", \"phone\": \"+919876543211\"") + ","
			+ basic(2, "b@example.com", HASH_A, ", \"phone\": \"+919876543210\", \"username\": \"Bo\"") + ","
			+ basic(3, "c@example.com", HASH_A, ", \"phone\": \"+919876543210\"") + ","
			+ basic(4, "d@example.com", HASH_A, ", \"username\": \"BO\"") + ","
			+ basic(4, "d@example.com", HASH_A, ", \"username\": \"BO\", \"first_name\": \"Di\"") + "]";
		DjangoImporter::Options large;
		large.batchSize = 100;
		ImportSummary s = run(dump, large);
		CPPUNIT_ASSERT_EQUAL(std::string("imported 2, updated 2, unchanged 0, skipped 1, dropped 2"), s.countsLine());
		CPPUNIT_ASSERT_EQUAL(std::string("pk=3: phone number held by account 2"), s.lines[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("pk=4: username equals another account's (case-insensitive), dropped"), s.lines[1]);
		CPPUNIT_ASSERT_EQUAL(std::string("+919876543210"), *_pUsers->findById(2)->phoneNumber);
		CPPUNIT_ASSERT_EQUAL(std::string("Di Lee"), _pUsers->findById(4)->fullName);
		CPPUNIT_ASSERT_EQUAL(std::string("Bo"), username(2));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4), count("SELECT COUNT(*) FROM django_imports"));
	}

	void testLegacyHashesReadThroughPartialIndex()
	{
		// Issue 14: the legacy-hash count (the gauge, the login timing) and
		// the start-up's sample pages read the partial index of migration
		// 0017, not the users table (a whole scan at 10^6 users every 10 s).
		// The index's WHERE must stay ImportStore's predicate word for word:
		// a partial index serves only a query holding the same condition.
		run("[" + basic(1, "a@example.com", HASH_A) + "," + basic(2, "b@example.com", "!unusable") + "]");
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), ImportStore(*_pDatabase).countLegacyHashes());
		for (const std::string& sql: {"SELECT COUNT(*) FROM users WHERE " + ImportStore::legacyPredicate(),
			"SELECT id, password_hash FROM users WHERE id > 0 AND " + ImportStore::legacyPredicate() + " ORDER BY id LIMIT 1000"})
		{
			Poco::Data::Session db = _pDatabase->session();
			std::vector<int> ids, parents, unused;
			std::vector<std::string> details;
			db << "EXPLAIN QUERY PLAN " + sql, into(ids), into(parents), into(unused), into(details), now;
			std::string plan;
			for (const std::string& d: details) plan += d + "; ";
			CPPUNIT_ASSERT_MESSAGE(plan, plan.find("USING INDEX users_legacy_password") != std::string::npos
				|| plan.find("USING COVERING INDEX users_legacy_password") != std::string::npos);
		}
	}

private:
	ImportSummary run(const std::string& dump, const DjangoImporter::Options& options = DjangoImporter::Options())
	{
		std::string path = Poco::Path(_root, "dump.json").toString();
		{
			Poco::FileOutputStream out(path);
			out << dump;
		}
		Identity::PhoneNumbers phones("IN");
		return DjangoImporter(*_pDatabase, phones, options).run(path);
	}

	Poco::Int64 count(const std::string& sql)
	{
		Poco::Data::Session db = _pDatabase->session();
		Poco::Int64 n = 0;
		db << sql, into(n), now;
		return n;
	}

	std::string username(Poco::Int64 id)
	{
		Poco::Data::Session db = _pDatabase->session();
		Poco::Nullable<std::string> name;
		db << "SELECT username FROM users WHERE id = ?", bind(id), into(name), now;
		return name.isNull() ? std::string() : name.value();
	}

	std::string _root;
	std::unique_ptr<Persistence::Database> _pDatabase;
	std::unique_ptr<Persistence::UserStore> _pUsers;
};


CPPUNIT_TEST_SUITE_REGISTRATION(DjangoImporterTest);
