//
// SessionServiceTest.cpp
//
// SessionService owns the refresh-token family: start, rotation, replay
// within the grace interval, reuse revocation (RFC 9700 §4.14.2), and reads
// what an authenticated request needs in one cache round trip.
//


#include "IdentityFixture.h"
#include "ProblemAssert.h"
#include "AuthServer/Cache/MemoryCache.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/SessionService.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/AuditStore.h"
#include "AuthServer/Persistence/RefreshTokenStore.h"
#include "AuthServer/Persistence/SessionStore.h"
#include "AuthServer/Persistence/UserStore.h"
#include "Poco/Exception.h"
#include <atomic>
#include <chrono>
#include <thread>


using namespace AuthServer;
using AuthServer::Core::Problem;


namespace
{
	class CountingCache: public Cache::Cache
		/// A MemoryCache that counts calls, each of which would be one round
		/// trip to a remote backend, and can be switched off (every call
		/// throws Poco::IOException, as RedisCache does when Redis is down).
	{
	public:
		std::optional<std::string> get(const std::string& key) override
		{
			count();
			return _memory.get(key);
		}

		std::vector<std::optional<std::string>> getMany(const std::vector<std::string>& keys) override
		{
			count();
			return _memory.getMany(keys);
		}

		void set(const std::string& key, const std::string& value, int ttlSeconds) override
		{
			count();
			_memory.set(key, value, ttlSeconds);
		}

		bool add(const std::string& key, const std::string& value, int ttlSeconds) override
		{
			count();
			return _memory.add(key, value, ttlSeconds);
		}

		bool remove(const std::string& key) override
		{
			count();
			return _memory.remove(key);
		}

		Poco::Int64 increment(const std::string& key, int ttlSeconds) override
		{
			count();
			return _memory.increment(key, ttlSeconds);
		}

		bool ping() override
		{
			return !down;
		}

		std::string name() const override
		{
			return "counting";
		}

		std::atomic<int> calls{0};
		std::atomic<bool> down{false};

	private:
		void count()
		{
			++calls;
			if (down) throw Poco::IOException("counting cache is down");
		}

		AuthServer::Cache::MemoryCache _memory;
	};

	struct Services
		/// A SessionService over the fixture's database and a CountingCache.
	{
		explicit Services(IdentityFixture& f):
			users(f.database()),
			sessionStore(f.database()),
			refreshTokens(f.database()),
			auditStore(f.database()),
			directory(users, cache, 300),
			revocations(sessionStore, cache, 960),
			audit(auditStore),
			sessions(f.database(), sessionStore, refreshTokens, revocations, directory, f.tokens(), cache, audit, settings)
		{
		}

		Identity::IdentitySettings settings;
		CountingCache cache;
		Persistence::UserStore users;
		Persistence::SessionStore sessionStore;
		Persistence::RefreshTokenStore refreshTokens;
		Persistence::AuditStore auditStore;
		Identity::UserDirectory directory;
		Identity::RevocationList revocations;
		Identity::AuditLog audit;
		Identity::SessionService sessions;
	};
}


class SessionServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SessionServiceTest);
	CPPUNIT_TEST(testStartStoresOnlyTheTokenHash);
	CPPUNIT_TEST(testStartRollsBackWithItsTransaction);
	CPPUNIT_TEST(testRotateIssuesSuccessorAndMarksTokenRotated);
	CPPUNIT_TEST(testReplayWithinGraceGetsSameSuccessor);
	CPPUNIT_TEST(testReuseRevokesSessionAndRecordsIt);
	CPPUNIT_TEST(testReplayPastGraceIsReuse);
	CPPUNIT_TEST(testIdleSessionRevokedOnRotate);
	CPPUNIT_TEST(testAuthenticateIsOneCacheRoundTrip);
	CPPUNIT_TEST(testAuthenticateSeesRevocationThroughWarmCache);
	CPPUNIT_TEST(testAuthenticateUsesDatabaseWhenCacheDown);
	CPPUNIT_TEST_SUITE_END();

public:
	static Poco::Int64 scalar(IdentityFixture& f, const std::string& sql, const std::string& arg)
	{
		Poco::Data::Session db = f.database().session();
		Poco::Int64 n = 0;
		std::string value = arg;
		db << sql, Poco::Data::Keywords::use(value), Poco::Data::Keywords::into(n), Poco::Data::Keywords::now;
		return n;
	}

	void testStartStoresOnlyTheTokenHash()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		Identity::TokenPair pair = f.module().sessions().start(user, f.context);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?", Core::Digests::sha256Hex(pair.refreshToken)));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?", pair.refreshToken));
		Identity::Principal p = f.module().sessions().authenticate(pair.accessToken);
		CPPUNIT_ASSERT_EQUAL(user.id, p.userId);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM sessions WHERE id = ? AND revoked_at IS NULL", p.sessionId));
	}

	void testStartRollsBackWithItsTransaction()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		CPPUNIT_ASSERT_THROW(f.module().sessions().start(user, f.context, [](Poco::Data::Session&) { throw Poco::IllegalStateException("no"); }), Poco::IllegalStateException);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM sessions WHERE user_id = CAST(? AS INTEGER)", std::to_string(user.id)));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM refresh_tokens WHERE user_id = CAST(? AS INTEGER)", std::to_string(user.id)));
	}

	void testRotateIssuesSuccessorAndMarksTokenRotated()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		auto& sessions = f.module().sessions();
		Identity::TokenPair first = sessions.start(user, f.context);
		Identity::TokenPair second = sessions.rotate(first.refreshToken, f.context);
		CPPUNIT_ASSERT(second.refreshToken != first.refreshToken);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ? AND rotated_at IS NOT NULL", Core::Digests::sha256Hex(first.refreshToken)));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ? AND rotated_at IS NULL", Core::Digests::sha256Hex(second.refreshToken)));
		CPPUNIT_ASSERT_NO_THROW(sessions.authenticate(second.accessToken));
		ASSERT_PROBLEM(sessions.rotate("", f.context), Problem::ValidationError);
		ASSERT_PROBLEM(sessions.rotate(second.accessToken, f.context), Problem::InvalidToken);
	}

	void testReplayWithinGraceGetsSameSuccessor()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.refreshReuseInterval = 30; });
		Persistence::User user = f.registerVerified("ada@example.com");
		auto& sessions = f.module().sessions();
		Identity::TokenPair first = sessions.start(user, f.context);
		Identity::TokenPair second = sessions.rotate(first.refreshToken, f.context);
		Identity::TokenPair replay = sessions.rotate(first.refreshToken, f.context);
		CPPUNIT_ASSERT_EQUAL(second.refreshToken, replay.refreshToken);
		CPPUNIT_ASSERT_EQUAL(second.accessToken, replay.accessToken);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = ?", "token_reuse_detected"));
		CPPUNIT_ASSERT_NO_THROW(sessions.rotate(second.refreshToken, f.context));
	}

	void testReuseRevokesSessionAndRecordsIt()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.refreshReuseInterval = 0; });
		Persistence::User user = f.registerVerified("ada@example.com");
		auto& sessions = f.module().sessions();
		Identity::TokenPair first = sessions.start(user, f.context);
		Identity::TokenPair second = sessions.rotate(first.refreshToken, f.context);
		std::string sid = sessions.authenticate(second.accessToken).sessionId;
		ASSERT_PROBLEM(sessions.rotate(first.refreshToken, f.context), Problem::TokenReused);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM sessions WHERE id = ? AND revoked_at IS NOT NULL", sid));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM audit_events WHERE event = ?", "token_reuse_detected"));
		ASSERT_PROBLEM(sessions.rotate(second.refreshToken, f.context), Problem::InvalidToken);
		ASSERT_PROBLEM(sessions.authenticate(second.accessToken), Problem::InvalidToken);
	}

	void testReplayPastGraceIsReuse()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.refreshReuseInterval = 1; });
		Persistence::User user = f.registerVerified("ada@example.com");
		auto& sessions = f.module().sessions();
		Identity::TokenPair first = sessions.start(user, f.context);
		sessions.rotate(first.refreshToken, f.context);
		// rotated_at is in whole seconds: 2.1 s is past a 1 s interval.
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		ASSERT_PROBLEM(sessions.rotate(first.refreshToken, f.context), Problem::TokenReused);
	}

	void testIdleSessionRevokedOnRotate()
	{
		IdentityFixture f([](Identity::IdentitySettings& s) { s.sessionIdleTimeout = 1; });
		Persistence::User user = f.registerVerified("ada@example.com");
		auto& sessions = f.module().sessions();
		Identity::TokenPair first = sessions.start(user, f.context);
		std::string sid = sessions.authenticate(first.accessToken).sessionId;
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		ASSERT_PROBLEM(sessions.rotate(first.refreshToken, f.context), Problem::InvalidToken);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), scalar(f, "SELECT COUNT(*) FROM sessions WHERE id = ? AND revoked_reason = 'idle_timeout'", sid));
		ASSERT_PROBLEM(sessions.authenticate(first.accessToken), Problem::InvalidToken);
	}

	void testAuthenticateIsOneCacheRoundTrip()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		Services s(f);
		Identity::TokenPair pair = s.sessions.start(user, f.context);
		s.sessions.authenticate(pair.accessToken); // fills the marker and the user entry
		s.cache.calls = 0;
		for (int i = 0; i < 10; ++i)
		{
			Identity::Principal p = s.sessions.authenticate(pair.accessToken);
			CPPUNIT_ASSERT_EQUAL(user.id, p.userId);
		}
		CPPUNIT_ASSERT_EQUAL(10, s.cache.calls.load());
	}

	void testAuthenticateSeesRevocationThroughWarmCache()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		Services s(f);
		Identity::TokenPair a = s.sessions.start(user, f.context);
		Identity::TokenPair b = s.sessions.start(user, f.context);
		Identity::Principal pa = s.sessions.authenticate(a.accessToken);
		Identity::Principal pb = s.sessions.authenticate(b.accessToken);
		s.revocations.revokeSession(pa.sessionId, "logout");
		ASSERT_PROBLEM(s.sessions.authenticate(a.accessToken), Problem::InvalidToken);
		s.revocations.blacklistAccessToken(pb.jti, pb.expiresAt);
		ASSERT_PROBLEM(s.sessions.authenticate(b.accessToken), Problem::InvalidToken);
	}

	void testAuthenticateUsesDatabaseWhenCacheDown()
	{
		IdentityFixture f;
		Persistence::User user = f.registerVerified("ada@example.com");
		Services s(f);
		Identity::TokenPair a = s.sessions.start(user, f.context);
		Identity::TokenPair b = s.sessions.start(user, f.context);
		std::string sidB = s.sessions.authenticate(b.accessToken).sessionId;
		s.cache.down = true;
		CPPUNIT_ASSERT_EQUAL(user.id, s.sessions.authenticate(a.accessToken).userId);
		s.sessionStore.revoke(sidB, Core::Clock::now(), "logout");
		ASSERT_PROBLEM(s.sessions.authenticate(b.accessToken), Problem::InvalidToken);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(SessionServiceTest);
