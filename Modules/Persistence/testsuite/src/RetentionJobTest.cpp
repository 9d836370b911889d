//
// RetentionJobTest.cpp
//
// The retention job against a real SQLite database in a temporary file:
// rows past their retention are deleted in batches, rows still valid or
// within retention are kept (issue 14).
//


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "AuthServer/Persistence/RetentionJob.h"
#include "AuthServer/Persistence/RetentionLease.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Data/Statement.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/Nullable.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Thread.h"
#include "Poco/Timestamp.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer::Persistence;
using namespace Poco::Data::Keywords;


class RetentionJobTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(RetentionJobTest);
	CPPUNIT_TEST(testExpiredRowsDeletedValidRowsKept);
	CPPUNIT_TEST(testDeletesInBatchesUntilDone);
	CPPUNIT_TEST(testZeroRetentionKeepsEverything);
	CPPUNIT_TEST(testDaysToSeconds);
	CPPUNIT_TEST(testBackgroundThreadRunsAndStops);
	CPPUNIT_TEST(testSpentRecoveryCodesAndExpiredLegacyExchangesDeleted);
	CPPUNIT_TEST(testLeaseExcludesSecondRunner);
	CPPUNIT_TEST(testLeaseLapsesAndIsReleased);
	CPPUNIT_TEST(testStopEndsALongRunWithinABatch);
	CPPUNIT_TEST(testPostgresAdvisoryLockExcludesSecondRunner);
	CPPUNIT_TEST(testSearchIndexesMergedToOneSegment);
	CPPUNIT_TEST_SUITE_END();

public:
	static constexpr Poco::Int64 NOW = 1000000;

	void setUp()
	{
		_path = Poco::TemporaryFile::tempName() + ".db";
		_pDatabase = new Database("sqlite", _path, 4);
		MigrationRunner(*_pDatabase, migrationsDir()).migrate();
		Poco::Data::Session db = _pDatabase->session();
		db << "INSERT INTO users (id, email, created_at, updated_at) VALUES (1, 'a@example.com', 0, 0)", now;
	}

	void tearDown()
	{
		_pDatabase = nullptr;
		for (const char* suffix: {"", "-wal", "-shm"})
		{
			Poco::File f(_path + suffix);
			if (f.exists()) f.remove();
		}
	}

	static std::string migrationsDir()
	{
		return Poco::Path(Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".")).append("Migrations/sqlite").toString();
	}

	void session(const std::string& id, Poco::Int64 lastUsedAt, Poco::Int64 expiresAt, Poco::Nullable<Poco::Int64> revokedAt = Poco::Nullable<Poco::Int64>())
	{
		Poco::Data::Session db = _pDatabase->session();
		std::string sid = id;
		db << "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at) VALUES (?, 1, 0, ?, ?, ?)",
			bind(sid), bind(lastUsedAt), bind(expiresAt), bind(revokedAt), now;
	}

	void refreshToken(const std::string& hash, const std::string& sessionId, Poco::Int64 expiresAt, Poco::Nullable<Poco::Int64> rotatedAt = Poco::Nullable<Poco::Int64>())
	{
		Poco::Data::Session db = _pDatabase->session();
		std::string h = hash, s = sessionId;
		db << "INSERT INTO refresh_tokens (token_hash, session_id, user_id, issued_at, expires_at, rotated_at) VALUES (?, ?, 1, 0, ?, ?)",
			bind(h), bind(s), bind(expiresAt), bind(rotatedAt), now;
	}

	void oneTimeToken(const std::string& hash, Poco::Int64 expiresAt, Poco::Nullable<Poco::Int64> usedAt = Poco::Nullable<Poco::Int64>())
	{
		Poco::Data::Session db = _pDatabase->session();
		std::string h = hash;
		db << "INSERT INTO one_time_tokens (user_id, purpose, token_hash, created_at, expires_at, used_at) VALUES (1, 'password_reset', ?, 0, ?, ?)",
			bind(h), bind(expiresAt), bind(usedAt), now;
	}

	void auditEvent(Poco::Int64 createdAt)
	{
		Poco::Data::Session db = _pDatabase->session();
		db << "INSERT INTO audit_events (user_id, event, created_at) VALUES (1, 'token_refreshed', ?)", bind(createdAt), now;
	}

	void recoveryCode(const std::string& hash, Poco::Nullable<Poco::Int64> usedAt = Poco::Nullable<Poco::Int64>())
	{
		Poco::Data::Session db = _pDatabase->session();
		std::string h = hash;
		db << "INSERT INTO recovery_codes (user_id, salt, code_hash, created_at, used_at) VALUES (1, 's', ?, 0, ?)", bind(h), bind(usedAt), now;
	}

	void legacyExchange(const std::string& jti, Poco::Int64 expiresAt)
	{
		Poco::Data::Session db = _pDatabase->session();
		std::string j = jti;
		db << "INSERT INTO legacy_token_exchanges (jti, user_id, expires_at, exchanged_at) VALUES (?, 1, ?, 0)", bind(j), bind(expiresAt), now;
	}

	Poco::Int64 count(const std::string& sql)
	{
		Poco::Data::Session db = _pDatabase->session();
		Poco::Int64 n = -1;
		db << sql, into(n), now;
		return n;
	}

	static RetentionJob::Settings settings()
	{
		RetentionJob::Settings s;
		s.sessionSeconds = 100;
		s.oneTimeTokenSeconds = 50;
		s.auditSeconds = 1000;
		s.sessionIdleTimeout = 500;
		s.batchPause = 0;
		return s;
	}

	void testExpiredRowsDeletedValidRowsKept()
	{
		// Kept: a live session with its current and a rotated, unexpired token.
		session("live", NOW - 10, NOW + 5000);
		refreshToken("live-current", "live", NOW + 5000);
		refreshToken("live-rotated", "live", NOW + 4000, NOW - 20);
		// Kept: a live session's token expired within retention; deleted: one
		// expired longer ago.
		refreshToken("live-expired-recently", "live", NOW - 50);
		refreshToken("live-expired-long-ago", "live", NOW - 500);
		// Kept: ended within retention (revoked, expired).
		session("revoked-recently", NOW - 60, NOW + 5000, NOW - 60);
		refreshToken("revoked-recently-token", "revoked-recently", NOW + 5000);
		session("expired-recently", NOW - 300, NOW - 60);
		// Deleted with their tokens: revoked, expired, idle long ago.
		session("revoked-long-ago", NOW - 300, NOW + 5000, NOW - 200);
		refreshToken("revoked-long-ago-token", "revoked-long-ago", NOW + 5000);
		session("expired-long-ago", NOW - 300, NOW - 200);
		refreshToken("expired-long-ago-token", "expired-long-ago", NOW - 200);
		session("idle-long-ago", NOW - 700, NOW + 5000);        // idled out at NOW - 200
		refreshToken("idle-long-ago-token", "idle-long-ago", NOW + 5000);
		// Kept: idle but within timeout + retention.
		session("idle-recently", NOW - 550, NOW + 5000);        // idled out at NOW - 50

		oneTimeToken("unused-valid", NOW + 100);
		oneTimeToken("used-recently", NOW + 100, NOW - 10);
		oneTimeToken("expired-recently", NOW - 10);
		oneTimeToken("used-long-ago", NOW + 100, NOW - 100);
		oneTimeToken("expired-long-ago", NOW - 100);

		auditEvent(NOW - 10);
		auditEvent(NOW - 999);
		auditEvent(NOW - 2000);

		RetentionJob job(*_pDatabase, settings());
		RetentionJob::Deleted d = job.runOnce(NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(3), d.sessions);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(4), d.refreshTokens);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), d.oneTimeTokens);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), d.auditEvents);

		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4), count("SELECT COUNT(*) FROM sessions WHERE id IN ('live', 'revoked-recently', 'expired-recently', 'idle-recently')"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4), count("SELECT COUNT(*) FROM sessions"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4), count("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash IN ('live-current', 'live-rotated', 'live-expired-recently', 'revoked-recently-token')"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(4), count("SELECT COUNT(*) FROM refresh_tokens"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), count("SELECT COUNT(*) FROM one_time_tokens WHERE token_hash IN ('unused-valid', 'used-recently', 'expired-recently')"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), count("SELECT COUNT(*) FROM one_time_tokens"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM audit_events WHERE created_at >= " + std::to_string(NOW - 999)));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM audit_events"));

		RetentionJob::Deleted totals = job.totals();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(3), totals.sessions);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(4), totals.refreshTokens);
		// A second pass finds nothing more.
		RetentionJob::Deleted again = job.runOnce(NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), again.sessions + again.refreshTokens + again.oneTimeTokens + again.auditEvents);
	}

	void testDeletesInBatchesUntilDone()
	{
		for (int i = 0; i < 10; ++i) auditEvent(NOW - 5000 - i);
		for (int i = 0; i < 7; ++i)
		{
			std::string id = "dead-" + std::to_string(i);
			session(id, NOW - 300, NOW - 200);
			refreshToken(id + "-a", id, NOW - 200, NOW - 250);
			refreshToken(id + "-b", id, NOW - 200);
		}
		for (int i = 0; i < 5; ++i) oneTimeToken("old-" + std::to_string(i), NOW - 100);
		auditEvent(NOW);
		session("live", NOW, NOW + 5000);
		refreshToken("live-token", "live", NOW + 5000);

		RetentionJob::Settings s = settings();
		s.batchSize = 3; // 10 audit rows: batches of 3, 3, 3, 1
		RetentionJob job(*_pDatabase, s);
		RetentionJob::Deleted d = job.runOnce(NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(10), d.auditEvents);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(7), d.sessions);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(14), d.refreshTokens);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(5), d.oneTimeTokens);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM audit_events"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM sessions WHERE id = 'live'"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM refresh_tokens"));
	}

	void testZeroRetentionKeepsEverything()
	{
		session("expired", NOW - 300000, NOW - 200000);
		refreshToken("expired-token", "expired", NOW - 200000);
		oneTimeToken("old", NOW - 100000, NOW - 100000);
		auditEvent(0);
		RetentionJob::Settings s = settings();
		s.sessionSeconds = s.oneTimeTokenSeconds = s.auditSeconds = 0;
		RetentionJob job(*_pDatabase, s);
		RetentionJob::Deleted d = job.runOnce(NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), d.sessions + d.refreshTokens + d.oneTimeTokens + d.auditEvents);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM sessions"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM refresh_tokens"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM one_time_tokens"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM audit_events"));
	}

	void testDaysToSeconds()
	{
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), RetentionJob::daysToSeconds(0));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(604800), RetentionJob::daysToSeconds(7));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(43200), RetentionJob::daysToSeconds(0.5));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), RetentionJob::daysToSeconds(2.0 / 86400));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), RetentionJob::daysToSeconds(1e-9));
	}

	void testBackgroundThreadRunsAndStops()
	{
		Poco::Int64 t = AuthServer::Core::Clock::now();
		for (int i = 0; i < 5; ++i) auditEvent(t - 100);
		auditEvent(t + 100);
		RetentionJob::Settings s = settings();
		s.auditSeconds = 10;
		s.interval = 1;
		RetentionJob job(*_pDatabase, s);
		job.start();
		for (int i = 0; i < 100 && job.totals().auditEvents < 5; ++i) Poco::Thread::sleep(50);
		job.stop();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(5), job.totals().auditEvents);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM audit_events"));
	}

	void testSpentRecoveryCodesAndExpiredLegacyExchangesDeleted()
	{
		// Single-use records besides one_time_tokens: a spent recovery code
		// and the exchange record of an old back end's refresh token are
		// deleted oneTimeTokenSeconds after use / the token's expiry; an
		// unspent code and a record whose token still lives are kept.
		recoveryCode("unspent");
		recoveryCode("spent-recently", NOW - 10);
		recoveryCode("spent-long-ago", NOW - 100);
		legacyExchange("valid", NOW + 100);
		legacyExchange("expired-recently", NOW - 10);
		legacyExchange("expired-long-ago", NOW - 100);
		RetentionJob job(*_pDatabase, settings());
		RetentionJob::Deleted d = job.runOnce(NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), d.recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), d.legacyTokenExchanges);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM recovery_codes WHERE code_hash IN ('unspent', 'spent-recently')"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM recovery_codes"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM legacy_token_exchanges WHERE jti IN ('valid', 'expired-recently')"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(2), count("SELECT COUNT(*) FROM legacy_token_exchanges"));
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), job.totals().recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), job.totals().legacyTokenExchanges);

		// 0 keeps them.
		recoveryCode("spent-long-ago-2", NOW - 100);
		RetentionJob::Settings keep = settings();
		keep.oneTimeTokenSeconds = 0;
		RetentionJob keeper(*_pDatabase, keep);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), keeper.runOnce(NOW).recoveryCodes);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), count("SELECT COUNT(*) FROM recovery_codes"));
	}

	void testLeaseExcludesSecondRunner()
	{
		// Another instance (its own database handle on the same file, as a
		// second process would have) holds the lease: this runner skips the
		// run and deletes nothing.
		auditEvent(NOW - 5000);
		session("dead", NOW - 300, NOW - 200);
		Database other("sqlite", _path, 2);
		RetentionLease held(other, "other-instance", 600);
		CPPUNIT_ASSERT(held.acquire(NOW));
		RetentionJob job(*_pDatabase, settings());
		RetentionJob::Deleted d = job.runOnce(NOW + 10);
		CPPUNIT_ASSERT(d.skipped);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), d.total());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM audit_events"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM sessions"));
		// Once it is given back, the next run does the work (and gives its
		// own lease back: the other instance can take it again).
		held.release();
		d = job.runOnce(NOW + 20);
		CPPUNIT_ASSERT(!d.skipped);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), d.auditEvents);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), d.sessions);
		CPPUNIT_ASSERT(held.acquire(NOW + 30));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), count("SELECT COUNT(*) FROM job_leases WHERE holder = 'other-instance'"));
	}

	void testLeaseLapsesAndIsReleased()
	{
		RetentionLease a(*_pDatabase, "a", 100);
		RetentionLease b(*_pDatabase, "b", 100);
		CPPUNIT_ASSERT(a.acquire(NOW));
		CPPUNIT_ASSERT(!b.acquire(NOW + 50));
		// Renewed: still a's at its first expiry.
		a.renew(NOW + 90);
		CPPUNIT_ASSERT(!b.acquire(NOW + 150));
		// A holder that stopped renewing (crashed) loses it when it lapses.
		CPPUNIT_ASSERT(b.acquire(NOW + 190));
		CPPUNIT_ASSERT(b.held());
		// a's release must not drop b's lease.
		a.release();
		RetentionLease c(*_pDatabase, "c", 100);
		CPPUNIT_ASSERT(!c.acquire(NOW + 200));
		b.release();
		CPPUNIT_ASSERT(c.acquire(NOW + 200));
	}

	void testStopEndsALongRunWithinABatch()
	{
		// 400 rows in batches of one with 100 ms pauses: about 40 s of work.
		// stop() (graceful shutdown) must return after the current batch.
		Poco::Int64 t = AuthServer::Core::Clock::now();
		{
			Poco::Data::Session db = _pDatabase->session();
			db << "BEGIN", now;
			for (int i = 0; i < 400; ++i) db << "INSERT INTO audit_events (user_id, event, created_at) VALUES (1, 'token_refreshed', ?)", bind(t - 1000), now;
			db << "COMMIT", now;
		}
		RetentionJob::Settings s = settings();
		s.auditSeconds = 10;
		s.interval = 1;
		s.batchSize = 1;
		s.batchPause = 100;
		RetentionJob job(*_pDatabase, s);
		job.start();
		for (int i = 0; i < 200 && job.totals().auditEvents < 2; ++i) Poco::Thread::sleep(20);
		CPPUNIT_ASSERT(job.totals().auditEvents >= 2);
		Poco::Timestamp stopping;
		job.stop();
		Poco::Timestamp::TimeDiff micros = stopping.elapsed();
		CPPUNIT_ASSERT_MESSAGE("stop() took " + std::to_string(micros / 1000) + " ms", micros < 1000 * 1000);
		Poco::Int64 left = count("SELECT COUNT(*) FROM audit_events");
		CPPUNIT_ASSERT(left > 0);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(400) - left, static_cast<Poco::Int64>(job.totals().auditEvents));
		// The lease was given back on the way out.
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), count("SELECT COUNT(*) FROM job_leases"));
	}

	Poco::Int64 segments(const std::string& table)
		/// FTS5 segments of table (one %_idx row per leaf, tagged segid).
	{
		return count("SELECT COUNT(DISTINCT segid) FROM " + table + "_idx");
	}

	std::vector<Poco::Int64> matching(const std::string& table, const std::string& match)
	{
		Poco::Data::Session db = _pDatabase->session();
		std::vector<Poco::Int64> ids;
		std::string m = match;
		db << "SELECT rowid FROM " + table + " WHERE " + table + " MATCH ? ORDER BY rowid", bind(m), into(ids), now;
		return ids;
	}

	void testSearchIndexesMergedToOneSegment()
	{
		// One insert, one transaction, one new FTS5 segment; FTS5's own
		// automerge leaves several.
		for (int i = 0; i < 300; ++i)
		{
			Poco::Data::Session db = _pDatabase->session();
			std::string email = "merge" + std::to_string(i) + "@example.com", name = "Merge Person " + std::to_string(i);
			db << "INSERT INTO users (email, full_name, created_at, updated_at) VALUES (?, ?, 0, 0)", bind(email), bind(name), now;
		}
		for (const char* table: {"users_search", "user_search_grams", "user_search_pairs"}) CPPUNIT_ASSERT(segments(table) > 1);
		std::vector<Poco::Int64> trigrams = matching("users_search", "\"son 12\""), grams = matching("user_search_grams", "\"6F6E203132\"");
		CPPUNIT_ASSERT_EQUAL(std::size_t(11), trigrams.size()); // "Person 12", "Person 120" to "Person 129"
		CPPUNIT_ASSERT(grams == trigrams);
		std::vector<Poco::Int64> pairs = matching("user_search_pairs", "\"3239\""); // "29"
		CPPUNIT_ASSERT_EQUAL(std::size_t(13), pairs.size()); // 29, 129, 229, 290 to 299

		RetentionJob job(*_pDatabase, settings());
		RetentionJob::Deleted d = job.runOnce(NOW);
		CPPUNIT_ASSERT(d.searchIndexMergeSteps > 0);
		CPPUNIT_ASSERT_EQUAL(d.searchIndexMergeSteps, job.totals().searchIndexMergeSteps);
		for (const char* table: {"users_search", "user_search_grams", "user_search_pairs"})
		{
			CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), segments(table));
			Poco::Data::Session db = _pDatabase->session();
			db << "INSERT INTO " + std::string(table) + "(" + table + ") VALUES('integrity-check')", now;
		}
		CPPUNIT_ASSERT(matching("users_search", "\"son 12\"") == trigrams);
		CPPUNIT_ASSERT(matching("user_search_grams", "\"6F6E203132\"") == trigrams);
		CPPUNIT_ASSERT(matching("user_search_pairs", "\"3239\"") == pairs);
		// Merged: the next run finds nothing to do.
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), job.runOnce(NOW).searchIndexMergeSteps);
	}

	void testPostgresAdvisoryLockExcludesSecondRunner()
	{
		// Runs when AUTHSERVER_TEST_POSTGRESQL_URL names a PostgreSQL
		// database (libpq string, e.g. from scripts/backends.sh); two pools
		// stand for two instances sharing it.
		std::string url = Poco::Environment::get("AUTHSERVER_TEST_POSTGRESQL_URL", "");
		if (url.empty()) return;
		Database first("postgresql", url, 2);
		Database second("postgresql", url, 2);
		RetentionLease a(first, "a", 600);
		RetentionLease b(second, "b", 600);
		CPPUNIT_ASSERT(a.acquire(NOW));
		CPPUNIT_ASSERT(!b.acquire(NOW));
		RetentionJob job(second, settings());
		CPPUNIT_ASSERT(job.runOnce(NOW).skipped);
		a.release();
		CPPUNIT_ASSERT(b.acquire(NOW));
		CPPUNIT_ASSERT(!a.acquire(NOW));
		b.release();
	}

private:
	std::string _path;
	Poco::SharedPtr<Database> _pDatabase;
};


CPPUNIT_TEST_SUITE_REGISTRATION(RetentionJobTest);
