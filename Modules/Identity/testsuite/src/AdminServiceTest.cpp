//
// AdminServiceTest.cpp
//
// Own sessions (SessionService), the admin API (AdminService) and the
// audit query.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "Poco/Data/Session.h"
#include <set>
#include <type_traits>


using namespace AuthServer;
using AuthServer::Core::Problem;


class AdminServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(AdminServiceTest);
	CPPUNIT_TEST(testSessionsListAndRevokeOwnOnly);
	CPPUNIT_TEST(testSearchIsCaseInsensitiveEscapedAndPaged);
	CPPUNIT_TEST(testSearchCursorVisitsEveryMatchOnceAndTotalIsCapped);
	CPPUNIT_TEST(testCappedTotalRememberedOtherTotalsCounted);
	CPPUNIT_TEST(testDeactivationRevokesEverySession);
	CPPUNIT_TEST(testAdminCannotDemoteOrDeactivateSelf);
	CPPUNIT_TEST(testAuditQueryNewestFirstAndFiltered);
	CPPUNIT_TEST(testCreateAdminCreatesOrPromotes);
	CPPUNIT_TEST_SUITE_END();

public:
	Identity::Principal loginAs(IdentityFixture& f, const std::string& email)
	{
		auto pair = f.module().authentication().login(email, "correct horse battery", f.context);
		return f.module().authentication().authenticate(pair.accessToken);
	}

	void testSessionsListAndRevokeOwnOnly()
	{
		IdentityFixture f;
		f.registerVerified("ada@example.com");
		f.registerVerified("bob@example.com");
		auto a1 = loginAs(f, "ada@example.com");
		auto a2 = loginAs(f, "ada@example.com");
		auto b = loginAs(f, "bob@example.com");
		auto list = f.module().sessions().list(a2);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), list.size());
		ASSERT_PROBLEM(f.module().sessions().revoke(a1, b.sessionId, f.context), Problem::NotFound);
		ASSERT_PROBLEM(f.module().sessions().revoke(a1, "nope", f.context), Problem::NotFound);
		f.module().sessions().revoke(a2, a1.sessionId, f.context);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.module().sessions().list(a2).size());
		CPPUNIT_ASSERT_EQUAL(a2.sessionId, f.module().sessions().list(a2)[0].id);
		ASSERT_PROBLEM(f.module().sessions().revoke(a2, a1.sessionId, f.context), Problem::NotFound);
		// bob's session is untouched.
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), f.module().sessions().list(b).size());
	}

	void testSearchIsCaseInsensitiveEscapedAndPaged()
	{
		IdentityFixture f;
		for (int i = 0; i < 5; ++i) f.registerUser("needle" + std::to_string(i) + "@example.com");
		f.registerUser("other@example.com");
		auto& admin = f.module().admin();
		auto page = admin.listUsers("NEEDLE", 1, 2);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(5), page.total);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), page.items.size());
		// The page holds accounts, which have no password hash to leak.
		static_assert(std::is_same<decltype(page.items)::value_type, Identity::Account>::value, "listUsers returns Account");
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), admin.listUsers("needle", 3, 2).items.size());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(6), admin.listUsers("", 1, 20).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), admin.listUsers("%", 1, 20).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), admin.listUsers("needle_", 1, 20).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), admin.listUsers("' OR 1=1 --", 1, 20).total);
		ASSERT_PROBLEM(admin.listUsers("", 0, 20), Problem::ValidationError);
		ASSERT_PROBLEM(admin.listUsers("", 1, 101), Problem::ValidationError);
	}

	void testSearchCursorVisitsEveryMatchOnceAndTotalIsCapped()
	{
		// Issue 14: keyset paging through next/cursor, and a total that
		// stops counting at TOTAL_CAP and says so. 10,001 rows are written
		// straight into users in one transaction (no password hashing).
		IdentityFixture f;
		{
			Poco::Data::Session db = f.database().session();
			db.begin();
			db << "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10001) "
				"INSERT INTO users (pending_email, password_hash, full_name, created_at, updated_at) "
				"SELECT 'bulk' || i || '@example.com', NULL, 'Bulk ' || i, 1, 1 FROM s", Poco::Data::Keywords::now;
			db.commit();
		}
		auto& admin = f.module().admin();
		auto first = admin.listUsers("bulk", 1, 100);
		CPPUNIT_ASSERT_EQUAL(Identity::AdminService::TOTAL_CAP, first.total);
		CPPUNIT_ASSERT(first.totalCapped);
		CPPUNIT_ASSERT(first.next);
		auto few = admin.listUsers("bulk1000", 1, 100);   // bulk1000, bulk10000, bulk10001
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), few.total);
		CPPUNIT_ASSERT(!few.totalCapped);
		CPPUNIT_ASSERT(!few.next);
		// The last numbered page gives the total without a count; a page
		// past the end and a cursor page count.
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), admin.listUsers("bulk1000", 2, 2).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), admin.listUsers("bulk1000", 9, 2).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), admin.listUsers("bulk1000", 1, 2, std::to_string(few.items[1].id)).total);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), admin.audit(std::nullopt, "no-such-event", 1, 20).total);

		std::set<Poco::Int64> seen;
		std::string cursor;
		int pages = 0;
		for (; pages < 20; ++pages)
		{
			auto page = admin.listUsers("BULK99", 1, 7, cursor);   // bulk99, bulk990..999, bulk9900..9999: 111
			CPPUNIT_ASSERT(pages == 0 ? page.page == 1 : !page.page);
			for (const auto& u: page.items) CPPUNIT_ASSERT(seen.insert(u.id).second);
			if (!page.next) break;
			CPPUNIT_ASSERT_EQUAL(std::to_string(page.items.back().id), *page.next);
			cursor = *page.next;
		}
		CPPUNIT_ASSERT_EQUAL(std::size_t(111), seen.size());
		CPPUNIT_ASSERT_EQUAL(15, pages);   // 15 full pages of 7, then 6

		ASSERT_PROBLEM(admin.listUsers("", 1, 20, "abc"), Problem::ValidationError);
		ASSERT_PROBLEM(admin.listUsers("", 1, 20, "-5"), Problem::ValidationError);
		ASSERT_PROBLEM(admin.listUsers("", 1, 20, "0"), Problem::ValidationError);
		ASSERT_PROBLEM(admin.listUsers("", 2, 20, "5"), Problem::ValidationError);
		ASSERT_PROBLEM(admin.audit(std::nullopt, "", 1, 20, "x"), Problem::ValidationError);
	}

	void testCappedTotalRememberedOtherTotalsCounted()
	{
		// A q whose count reached the cap is not counted again for a
		// while: after half its matches go, it still answers capped; a
		// total under the cap is counted every time.
		IdentityFixture f;
		{
			Poco::Data::Session db = f.database().session();
			db << "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10001) "
				"INSERT INTO users (pending_email, password_hash, full_name, created_at, updated_at) "
				"SELECT 'wide' || i || '@example.com', NULL, 'Wide ' || i, 1, 1 FROM s", Poco::Data::Keywords::now;
		}
		auto& admin = f.module().admin();
		CPPUNIT_ASSERT(admin.listUsers("wide", 1, 20).totalCapped);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(11), admin.listUsers("wide999", 1, 2).total);   // wide999, wide9990..9999
		{
			Poco::Data::Session db = f.database().session();
			db << "DELETE FROM users WHERE id % 2 = 0 AND pending_email LIKE 'wide%'", Poco::Data::Keywords::now;
		}
		auto remembered = admin.listUsers("wide", 1, 20);
		CPPUNIT_ASSERT(remembered.totalCapped);
		CPPUNIT_ASSERT_EQUAL(Identity::AdminService::TOTAL_CAP, remembered.total);
		CPPUNIT_ASSERT(admin.listUsers("wide999", 1, 2).total < 11);
		// Another text counts: about 5,000 remain.
		auto counted = admin.listUsers("WIDE", 1, 20);
		CPPUNIT_ASSERT(!counted.totalCapped);
		CPPUNIT_ASSERT(counted.total >= 4999 && counted.total <= 5002);
	}

	void testDeactivationRevokesEverySession()
	{
		IdentityFixture f;
		f.registerVerified("root@example.com");
		f.registerVerified("ada@example.com");
		auto& users = f.module().users();
		auto root = *users.findByEmail("root@example.com");
		root.role = "admin";
		users.update(root);
		auto adminP = loginAs(f, "root@example.com");
		auto ada = *users.findByEmail("ada@example.com");
		auto pair = f.module().authentication().login("ada@example.com", "correct horse battery", f.context);
		auto u = f.module().admin().updateUser(adminP, ada.id, false, std::nullopt, f.context);
		CPPUNIT_ASSERT(!u.isActive);
		ASSERT_PROBLEM(f.module().authentication().authenticate(pair.accessToken), Problem::InvalidToken);
		CPPUNIT_ASSERT(f.module().sessions().list(adminP).size() == 1);
		ASSERT_PROBLEM(f.module().admin().updateUser(adminP, 999999, true, std::nullopt, f.context), Problem::NotFound);
		ASSERT_PROBLEM(f.module().admin().updateUser(adminP, ada.id, std::nullopt, std::string("root"), f.context), Problem::ValidationError);
	}

	void testAdminCannotDemoteOrDeactivateSelf()
	{
		IdentityFixture f;
		f.module().admin().createAdmin("root@example.com", "correct horse battery", f.context);
		auto p = loginAs(f, "root@example.com");
		ASSERT_PROBLEM(f.module().admin().updateUser(p, p.userId, false, std::nullopt, f.context), Problem::ValidationError);
		ASSERT_PROBLEM(f.module().admin().updateUser(p, p.userId, std::nullopt, std::string("user"), f.context), Problem::ValidationError);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), f.module().admin().getUser(p.userId).role);
	}

	void testAuditQueryNewestFirstAndFiltered()
	{
		IdentityFixture f;
		f.module().admin().createAdmin("root@example.com", "correct horse battery", f.context);
		auto p = loginAs(f, "root@example.com");
		auto ada = f.registerVerified("ada@example.com");
		f.module().admin().updateUser(p, ada.id, std::nullopt, std::string("supplier"), f.context);
		f.module().admin().updateUser(p, ada.id, false, std::nullopt, f.context);
		auto all = f.module().admin().audit(ada.id, "", 1, 100);
		CPPUNIT_ASSERT(all.total >= 3);
		CPPUNIT_ASSERT_EQUAL(std::string("user_deactivated"), all.items[0].event);
		CPPUNIT_ASSERT_EQUAL(std::string("role_changed"), all.items[1].event);
		for (std::size_t i = 1; i < all.items.size(); ++i) CPPUNIT_ASSERT(all.items[i - 1].id > all.items[i].id);
		auto roles = f.module().admin().audit(ada.id, "role_changed", 1, 100);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), roles.total);
		CPPUNIT_ASSERT(roles.items[0].detail.find("user -> supplier") == 0);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), f.module().admin().audit(std::nullopt, "no_such_event", 1, 20).total);
		CPPUNIT_ASSERT(f.module().admin().audit(std::nullopt, "", 1, 20).total > all.total);
	}

	void testCreateAdminCreatesOrPromotes()
	{
		IdentityFixture f;
		auto created = f.module().admin().createAdmin("Root@Example.com", "correct horse battery", f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), created.role);
		CPPUNIT_ASSERT(created.emailVerified);
		CPPUNIT_ASSERT_EQUAL(std::string("root@example.com"), *created.email);
		f.registerUser("ada@example.com");
		auto promoted = f.module().admin().createAdmin("ada@example.com", "another long passphrase", f.context);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), promoted.role);
		f.module().authentication().login("ada@example.com", "another long passphrase", f.context);
		ASSERT_PROBLEM(f.module().admin().createAdmin("not-an-email", "correct horse battery", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(f.module().admin().createAdmin("x@example.com", "password", f.context), Problem::WeakPassword);
		CPPUNIT_ASSERT(!f.module().users().findByEmail("x@example.com"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(AdminServiceTest);
