//
// GroupCommitWriter.cpp
//


#include "AuthServer/Persistence/GroupCommitWriter.h"
#include "Poco/Data/SQLite/Utility.h"
#include "Poco/Exception.h"
#include <sqlite3.h>
#include "Poco/Logger.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Persistence {


GroupCommitWriter::GroupCommitWriter(const Poco::Data::Session& session, std::size_t maxGroupSize):
	_session(session),
	_pHandle(Poco::Data::SQLite::Utility::dbHandle(_session)),
	_maxGroupSize(maxGroupSize > 0 ? maxGroupSize : 1)
{
	_thread = std::thread([this] { run(); });
	std::lock_guard<std::mutex> lock(_mutex);
	_writerId = _thread.get_id();
}


GroupCommitWriter::~GroupCommitWriter()
{
	stop();
	// Finalized before _session closes the connection.
	for (auto& entry: _statements) sqlite3_finalize(entry.second);
	_statements.clear();
}


void GroupCommitWriter::execute(const Work& work)
{
	if (std::this_thread::get_id() == _writerId)
	{
		runNested(work);
		return;
	}
	Unit unit;
	unit.pWork = &work;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopping) throw Poco::IllegalStateException("the database writer has stopped");
		_queue.push_back(&unit);
		if (_queue.size() == 1) _wake.notify_one();
	}
	// The wait is on the unit's own lock: woken callers do not queue on
	// the writer's _mutex behind each other and the writer (issue 14:
	// futex waits under a refresh load).
	{
		std::unique_lock<std::mutex> lock(unit.mutex);
		unit.finished.wait(lock, [&unit] { return unit.done; });
	}
	if (unit.error) std::rethrow_exception(unit.error);
}


void GroupCommitWriter::stop()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (_stopped) return;
		_stopping = true;
		_stopped = true;
		_wake.notify_one();
	}
	if (_thread.joinable()) _thread.join();
}


GroupCommitWriter::Stats GroupCommitWriter::stats() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	Stats stats = _stats;
	stats.waiting = _queue.size();
	return stats;
}


std::size_t GroupCommitWriter::bucketOf(std::size_t groupSize)
{
	std::size_t bucket = 0;
	std::size_t bound = 1;
	while (groupSize > bound && bucket < HISTOGRAM_BUCKETS - 1)
	{
		bound <<= 1;
		++bucket;
	}
	return bucket;
}


void GroupCommitWriter::run()
{
	std::vector<Unit*> group;
	group.reserve(_maxGroupSize);
	for (;;)
	{
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_wake.wait(lock, [this] { return !_queue.empty() || _stopping; });
			if (_queue.empty()) return; // stopping, and every unit committed
			while (!_queue.empty() && group.size() < _maxGroupSize)
			{
				group.push_back(_queue.front());
				_queue.pop_front();
			}
		}
		commitGroup(group);
		{
			std::lock_guard<std::mutex> lock(_mutex);
			++_stats.groups;
			_stats.units += group.size();
			++_stats.groupSizes[bucketOf(group.size())];
			for (Unit* pUnit: group)
				if (pUnit->error) ++_stats.failedUnits;
		}
		for (Unit* pUnit: group)
		{
			// Notified under the unit's lock: the caller cannot return
			// (and destroy the unit) before this thread lets go of it.
			std::lock_guard<std::mutex> lock(pUnit->mutex);
			pUnit->done = true;
			pUnit->finished.notify_one();
		}
		group.clear();
	}
}


void GroupCommitWriter::commitGroup(std::vector<Unit*>& group)
{
	if (group.size() == 1)
	{
		runAlone(*group.front());
		return;
	}
	try
	{
		statement("BEGIN IMMEDIATE");
	}
	catch (...)
	{
		for (Unit* pUnit: group) pUnit->error = std::current_exception();
		return;
	}
	bool broken = false;
	for (Unit* pUnit: group)
	{
		try
		{
			statement("SAVEPOINT unit");
			++_nesting;
			(*pUnit->pWork)(_session);
			--_nesting;
			statement("RELEASE unit");
		}
		catch (...)
		{
			_nesting = 0;
			pUnit->error = std::current_exception();
			try
			{
				statement("ROLLBACK TO unit");
				statement("RELEASE unit");
			}
			catch (...)
			{
				broken = true;
				break;
			}
		}
	}
	if (!broken)
	{
		try
		{
			statement("COMMIT");
			return;
		}
		catch (...)
		{
		}
	}
	// The transaction as a whole failed: nothing of it was committed. Each
	// unit that did not throw itself gets a transaction of its own.
	rollback();
	Poco::Logger::get("AuthServer.Persistence").warning("group commit of %z units failed; committing them one by one", group.size());
	for (Unit* pUnit: group)
	{
		if (!pUnit->error) runAlone(*pUnit);
	}
}


void GroupCommitWriter::runAlone(Unit& unit)
{
	try
	{
		statement("BEGIN IMMEDIATE");
	}
	catch (...)
	{
		unit.error = std::current_exception();
		return;
	}
	try
	{
		++_nesting;
		(*unit.pWork)(_session);
		--_nesting;
		statement("COMMIT");
	}
	catch (...)
	{
		_nesting = 0;
		unit.error = std::current_exception();
		rollback();
	}
}


void GroupCommitWriter::runNested(const Work& work)
{
	if (_nesting == 0) throw Poco::IllegalStateException("database write outside a unit on the writer thread");
	const std::string name = "nested" + std::to_string(_nesting);
	statement("SAVEPOINT " + name);
	++_nesting;
	try
	{
		work(_session);
	}
	catch (...)
	{
		--_nesting;
		try
		{
			statement("ROLLBACK TO " + name);
			statement("RELEASE " + name);
		}
		catch (...)
		{
		}
		throw;
	}
	--_nesting;
	statement("RELEASE " + name);
}


void GroupCommitWriter::statement(const std::string& sql)
{
	// Straight to SQLite: a POCO Data statement would parse, prepare and
	// finalize each BEGIN / SAVEPOINT / RELEASE / COMMIT anew; prepared
	// once per text and reset after each run.
	::sqlite3_stmt*& pStatement = _statements[sql];
	if (!pStatement)
	{
		int rc = sqlite3_prepare_v2(_pHandle, sql.c_str(), static_cast<int>(sql.size()), &pStatement, nullptr);
		if (rc != SQLITE_OK)
		{
			sqlite3_finalize(pStatement);
			_statements.erase(sql);
			Poco::Data::SQLite::Utility::throwException(_pHandle, rc, sql);
		}
	}
	int rc = sqlite3_step(pStatement);
	sqlite3_reset(pStatement);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) Poco::Data::SQLite::Utility::throwException(_pHandle, rc, sql);
}


void GroupCommitWriter::rollback()
{
	try
	{
		statement("ROLLBACK");
	}
	catch (...)
	{
		// No transaction left to roll back (SQLite ended it on the error).
	}
}


} } // namespace AuthServer::Persistence
