//
// GroupCommitWriterTest.cpp
//
// The SQLite group-commit writer behind Database::write() (issue 14), on a
// real database in a temporary file. A first unit that waits on an event
// holds the writer, so the units queued behind it are known to form one
// group: no test depends on timing luck.
//


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/GroupCommitWriter.h"
#include "Poco/Data/DataException.h"
#include "Poco/Data/Statement.h"
#include "Poco/Event.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Thread.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>


using namespace AuthServer::Persistence;
using namespace Poco::Data::Keywords;


class GroupCommitWriterTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(GroupCommitWriterTest);
	CPPUNIT_TEST(testUnitsCommitInSubmissionOrderAsOneGroup);
	CPPUNIT_TEST(testFailedUnitFailsOnlyItsOwnCaller);
	CPPUNIT_TEST(testStopFlushesWaitingUnits);
	CPPUNIT_TEST(testConcurrentWritersAllCommitted);
	CPPUNIT_TEST(testReaderDoesNotWaitForTheWriter);
	CPPUNIT_TEST(testNestedWriteRunsInsideItsUnit);
	CPPUNIT_TEST(testCallerSeesItsUnitsResults);
	CPPUNIT_TEST(testBucketOf);
	CPPUNIT_TEST(testWalCheckpointsRunOffTheWriter);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp()
	{
		_path = Poco::TemporaryFile::tempName() + ".db";
		_pDatabase.reset(new Database("sqlite", _path, 4));
		Poco::Data::Session db = _pDatabase->session();
		db << "CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, value INTEGER NOT NULL UNIQUE)", now;
	}

	void tearDown()
	{
		_pDatabase.reset();
		for (const char* suffix: {"", "-wal", "-shm"})
		{
			Poco::File f(_path + suffix);
			if (f.exists()) f.remove();
		}
	}

	static void insert(Poco::Data::Session& db, int value)
	{
		db << "INSERT INTO t (value) VALUES (?)", bind(value), now;
	}

	std::vector<int> valuesInCommitOrder()
	{
		Poco::Data::Session db = _pDatabase->session();
		std::vector<int> values;
		db << "SELECT value FROM t ORDER BY seq", into(values), now;
		return values;
	}

	struct Blocker
		/// A unit that holds the writer (inside its transaction) until released.
	{
		Poco::Event entered;
		Poco::Event release;
		std::thread thread;

		void start(Database& database)
		{
			thread = std::thread([this, &database]
			{
				database.write([this](Poco::Data::Session& db)
				{
					insert(db, 0);
					entered.set();
					release.wait();
				});
			});
			entered.wait();
		}

		void finish()
		{
			release.set();
			thread.join();
		}
	};

	void waitUntilQueued(Poco::UInt64 n)
	{
		for (int i = 0; i < 2000 && _pDatabase->writerStats().waiting < n; ++i) Poco::Thread::sleep(5);
		CPPUNIT_ASSERT_EQUAL(n, _pDatabase->writerStats().waiting);
	}

	void testUnitsCommitInSubmissionOrderAsOneGroup()
	{
		Blocker blocker;
		blocker.start(*_pDatabase);
		const int n = 8;
		std::vector<std::thread> callers;
		for (int i = 1; i <= n; ++i)
		{
			callers.emplace_back([this, i]
			{
				_pDatabase->write([i](Poco::Data::Session& db) { insert(db, i); });
			});
			waitUntilQueued(i); // submitted one after the other
		}
		blocker.finish();
		for (std::thread& t: callers) t.join();

		std::vector<int> expected{0, 1, 2, 3, 4, 5, 6, 7, 8};
		CPPUNIT_ASSERT(valuesInCommitOrder() == expected);
		GroupCommitWriter::Stats stats = _pDatabase->writerStats();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), stats.groups); // the blocker alone, then the 8 together
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(9), stats.units);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), stats.groupSizes[GroupCommitWriter::bucketOf(1)]);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), stats.groupSizes[GroupCommitWriter::bucketOf(8)]);
	}

	void testFailedUnitFailsOnlyItsOwnCaller()
	{
		Blocker blocker;
		blocker.start(*_pDatabase);
		const int n = 5;
		std::vector<int> outcome(n + 1, -1); // 1 committed, 0 threw a DataException
		std::vector<std::thread> callers;
		for (int i = 1; i <= n; ++i)
		{
			callers.emplace_back([this, i, &outcome]
			{
				try
				{
					_pDatabase->write([i](Poco::Data::Session& db)
					{
						insert(db, 100 + i);
						// Unit 3 then breaks the UNIQUE constraint: its own
						// first insert must go with it.
						if (i == 3) insert(db, 0);
					});
					outcome[i] = 1;
				}
				catch (Poco::Data::DataException&)
				{
					outcome[i] = 0;
				}
			});
			waitUntilQueued(i);
		}
		blocker.finish();
		for (std::thread& t: callers) t.join();

		CPPUNIT_ASSERT(outcome == std::vector<int>({-1, 1, 1, 0, 1, 1}));
		std::vector<int> expected{0, 101, 102, 104, 105};
		CPPUNIT_ASSERT(valuesInCommitOrder() == expected);
		GroupCommitWriter::Stats stats = _pDatabase->writerStats();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), stats.groups); // the four others still committed together
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), stats.failedUnits);
	}

	void testStopFlushesWaitingUnits()
	{
		Poco::Data::Session db = _pDatabase->session();
		std::unique_ptr<GroupCommitWriter> pWriter(new GroupCommitWriter(Poco::Data::Session(db.connector(), _path)));
		Poco::Event entered, release;
		std::thread first([&]
		{
			pWriter->execute([&](Poco::Data::Session& s)
			{
				insert(s, 0);
				entered.set();
				release.wait();
			});
		});
		entered.wait();
		const int n = 6;
		std::atomic<int> committed(0);
		std::vector<std::thread> callers;
		for (int i = 1; i <= n; ++i)
		{
			callers.emplace_back([&, i]
			{
				pWriter->execute([i](Poco::Data::Session& s) { insert(s, i); });
				++committed;
			});
			for (int k = 0; k < 2000 && pWriter->stats().waiting < static_cast<Poco::UInt64>(i); ++k) Poco::Thread::sleep(5);
		}
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(n), pWriter->stats().waiting);
		std::thread stopper([&] { pWriter->stop(); });
		release.set();
		stopper.join(); // returns only after the queue is empty
		first.join();
		for (std::thread& t: callers) t.join();
		CPPUNIT_ASSERT_EQUAL(n, committed.load());
		CPPUNIT_ASSERT_EQUAL(std::size_t(n + 1), valuesInCommitOrder().size());
		try
		{
			pWriter->execute([](Poco::Data::Session& s) { insert(s, 99); });
			CPPUNIT_FAIL("a unit after stop() must be refused");
		}
		catch (Poco::IllegalStateException&)
		{
		}
	}

	void testConcurrentWritersAllCommitted()
	{
		const int threads = 16, each = 40;
		std::vector<std::thread> callers;
		std::atomic<int> failures(0);
		for (int t = 0; t < threads; ++t)
		{
			callers.emplace_back([&, t]
			{
				for (int i = 0; i < each; ++i)
				{
					try
					{
						_pDatabase->write([&](Poco::Data::Session& db) { insert(db, t * 1000 + i); });
					}
					catch (Poco::Exception&)
					{
						++failures;
					}
				}
			});
		}
		for (std::thread& t: callers) t.join();
		CPPUNIT_ASSERT_EQUAL(0, failures.load());
		CPPUNIT_ASSERT_EQUAL(std::size_t(threads * each), valuesInCommitOrder().size());
		GroupCommitWriter::Stats stats = _pDatabase->writerStats();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(threads * each), stats.units);
		Poco::UInt64 grouped = 0;
		for (Poco::UInt64 g: stats.groupSizes) grouped += g;
		CPPUNIT_ASSERT_EQUAL(stats.groups, grouped);
		CPPUNIT_ASSERT(stats.groups <= stats.units);
	}

	void testReaderDoesNotWaitForTheWriter()
	{
		Blocker blocker; // the writer now holds the write lock mid-transaction
		blocker.start(*_pDatabase);
		Poco::Data::Session reader = _pDatabase->session();
		reader << "PRAGMA busy_timeout = 0", now; // a wait would fail at once
		int rows = -1;
		reader << "SELECT COUNT(*) FROM t", into(rows), now;
		CPPUNIT_ASSERT_EQUAL(0, rows); // the uncommitted row is not seen
		reader << "PRAGMA busy_timeout = 10000", now;
		blocker.finish();
		reader << "SELECT COUNT(*) FROM t", into(rows), now;
		CPPUNIT_ASSERT_EQUAL(1, rows);
	}

	void testNestedWriteRunsInsideItsUnit()
	{
		_pDatabase->write([this](Poco::Data::Session& db)
		{
			insert(db, 1);
			_pDatabase->write([](Poco::Data::Session& inner) { insert(inner, 2); });
			try
			{
				_pDatabase->write([](Poco::Data::Session& inner)
				{
					insert(inner, 3);
					insert(inner, 1); // duplicate: this nested unit alone rolls back
				});
				CPPUNIT_FAIL("the duplicate must throw");
			}
			catch (Poco::Data::DataException&)
			{
			}
		});
		std::vector<int> expected{1, 2};
		CPPUNIT_ASSERT(valuesInCommitOrder() == expected);
	}

	void testCallerSeesItsUnitsResults()
	{
		Poco::Int64 id = 0;
		_pDatabase->write([&](Poco::Data::Session& db)
		{
			insert(db, 7);
			db << "SELECT last_insert_rowid()", into(id), now;
		});
		CPPUNIT_ASSERT(id > 0);
		int updated = 0;
		_pDatabase->writeStatement([&](Poco::Data::Session& db)
		{
			Poco::Data::Statement update(db);
			update << "UPDATE t SET value = 8 WHERE value = 7";
			updated = static_cast<int>(update.execute());
		});
		CPPUNIT_ASSERT_EQUAL(1, updated);
	}

	void testBucketOf()
	{
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), GroupCommitWriter::bucketOf(1));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), GroupCommitWriter::bucketOf(2));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), GroupCommitWriter::bucketOf(3));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), GroupCommitWriter::bucketOf(4));
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), GroupCommitWriter::bucketOf(5));
		CPPUNIT_ASSERT_EQUAL(std::size_t(8), GroupCommitWriter::bucketOf(256));
		CPPUNIT_ASSERT_EQUAL(std::size_t(9), GroupCommitWriter::bucketOf(257));
		CPPUNIT_ASSERT_EQUAL(std::size_t(9), GroupCommitWriter::bucketOf(100000));
	}

private:
	std::string _path;
	std::unique_ptr<Database> _pDatabase;

	void testWalCheckpointsRunOffTheWriter()
	{
		// Issue 14: SQLite's automatic checkpoint ran inside the writer's
		// COMMIT that crossed 1000 WAL pages, stalling every write behind
		// it. The checkpointer thread runs them instead, and every row
		// stays readable.
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), _pDatabase->walCheckpoints());
		{
			Poco::Data::Session db = _pDatabase->session();
			db << "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data TEXT NOT NULL)", now;
		}
		const int units = 300; // 300 x 16 KiB: about 1,200 WAL pages of 4 KiB
		for (int i = 0; i < units; ++i)
		{
			_pDatabase->write([i](Poco::Data::Session& db)
			{
				std::string data(16384, static_cast<char>('a' + i % 26));
				db << "INSERT INTO blobs (id, data) VALUES (?, ?)", bind(i), bind(data), now;
			});
		}
		for (int i = 0; i < 2000 && _pDatabase->walCheckpoints() == 0; ++i) Poco::Thread::sleep(5);
		CPPUNIT_ASSERT(_pDatabase->walCheckpoints() >= 1);
		Poco::Data::Session reader = _pDatabase->session();
		int rows = 0;
		reader << "SELECT COUNT(*) FROM blobs", into(rows), now;
		CPPUNIT_ASSERT_EQUAL(units, rows);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(GroupCommitWriterTest);
