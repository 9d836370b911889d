//
// UserDirectoryTest.cpp
//
// The user cache updates itself when a user is written through the
// directory (issue 14): no caller has to remember to invalidate.
//


#include "IdentityFixture.h"
#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/UserStore.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer;


class UserDirectoryTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(UserDirectoryTest);
	CPPUNIT_TEST(testUpdateRefreshesCachedUser);
	CPPUNIT_TEST(testEmailWritesRefreshCachedUsers);
	CPPUNIT_TEST(testCachedUserHasNoPasswordHash);
	CPPUNIT_TEST(testPrefetchedEntryIsDecodedAndMissLoads);
	CPPUNIT_TEST(testUsernameComesWithTheUserCachedOrNot);
	CPPUNIT_TEST_SUITE_END();

public:
	void testUpdateRefreshesCachedUser()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		Persistence::UserStore store(f.database());
		Cache::MemoryCache cache;
		Identity::UserDirectory directory(store, cache, 300);
		CPPUNIT_ASSERT_EQUAL(std::string("user"), directory.get(user.id)->role);
		CPPUNIT_ASSERT(cache.get(Identity::UserDirectory::cacheKey(user.id)));
		Persistence::User changed = *store.findById(user.id);
		changed.role = "admin";
		changed.isActive = false;
		directory.update(changed);
		std::optional<Persistence::User> seen = directory.get(user.id);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), seen->role);
		CPPUNIT_ASSERT(!seen->isActive);
	}

	void testEmailWritesRefreshCachedUsers()
	{
		IdentityFixture f;
		Persistence::User ada = f.registerUser("ada@example.com");
		Persistence::UserStore store(f.database());
		Cache::MemoryCache cache;
		Identity::UserDirectory directory(store, cache, 300);
		CPPUNIT_ASSERT(!directory.get(ada.id)->emailVerified);
		directory.markEmailVerified(ada.id, Core::Clock::now());
		CPPUNIT_ASSERT(directory.get(ada.id)->emailVerified);
		directory.setPasswordHash(ada.id, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", Core::Clock::now() + 100);
		CPPUNIT_ASSERT_EQUAL(Core::Clock::now() + 100, directory.get(ada.id)->updatedAt);
		directory.remove(ada.id);
		CPPUNIT_ASSERT(!directory.get(ada.id));
	}

	void testCachedUserHasNoPasswordHash()
	{
		IdentityFixture f;
		Persistence::User ada = f.registerVerified("ada@example.com");
		Persistence::UserStore store(f.database());
		Cache::MemoryCache cache;
		Identity::UserDirectory directory(store, cache, 300);
		CPPUNIT_ASSERT(!directory.get(ada.id)->passwordHash);
		CPPUNIT_ASSERT(!directory.get(ada.id)->passwordHash);
		CPPUNIT_ASSERT(cache.get(Identity::UserDirectory::cacheKey(ada.id))->find("argon2") == std::string::npos);
	}

	void testPrefetchedEntryIsDecodedAndMissLoads()
	{
		IdentityFixture f;
		Persistence::User ada = f.registerVerified("ada@example.com");
		Persistence::UserStore store(f.database());
		Cache::MemoryCache cache;
		Identity::UserDirectory directory(store, cache, 300);
		Persistence::User other = ada;
		other.fullName = "From the cache";
		CPPUNIT_ASSERT_EQUAL(std::string("From the cache"), directory.get(ada.id, Identity::UserDirectory::serialize(other))->fullName);
		CPPUNIT_ASSERT_EQUAL(ada.fullName, directory.get(ada.id, std::nullopt)->fullName);
		CPPUNIT_ASSERT(cache.get(Identity::UserDirectory::cacheKey(ada.id)));
		CPPUNIT_ASSERT_EQUAL(ada.fullName, directory.get(ada.id, std::string("{not json"))->fullName);
	}

	void testUsernameComesWithTheUserCachedOrNot()
	{
		// Issue 18: the DRF user answer takes the username from the
		// account, so the row and the cache entry both carry it.
		IdentityFixture f;
		Persistence::User ada = f.registerVerified("ada@example.com");
		{
			Poco::Data::Session db = f.database().session();
			db << "UPDATE users SET username = 'ada.l' WHERE id = " + std::to_string(ada.id), Poco::Data::Keywords::now;
		}
		Persistence::UserStore store(f.database());
		CPPUNIT_ASSERT_EQUAL(std::string("ada.l"), store.findById(ada.id)->username.value_or(""));
		Cache::MemoryCache cache;
		Identity::UserDirectory directory(store, cache, 300);
		CPPUNIT_ASSERT_EQUAL(std::string("ada.l"), directory.get(ada.id)->username.value_or("")); // loaded
		CPPUNIT_ASSERT_EQUAL(std::string("ada.l"), directory.get(ada.id)->username.value_or("")); // cached
		CPPUNIT_ASSERT_EQUAL(std::string("ada.l"), Identity::Account(*directory.get(ada.id)).username.value_or(""));
		// An entry written before usernames were cached is reloaded, not
		// read as "no username".
		std::string old = *cache.get(Identity::UserDirectory::cacheKey(ada.id));
		std::string::size_type at = old.find(",\"un\":\"ada.l\"");
		CPPUNIT_ASSERT(at != std::string::npos);
		old.erase(at, std::string(",\"un\":\"ada.l\"").size());
		CPPUNIT_ASSERT_EQUAL(std::string("ada.l"), directory.get(ada.id, old)->username.value_or(""));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(UserDirectoryTest);
