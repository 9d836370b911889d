//
// WalCheckpointer.cpp
//


#include "WalCheckpointer.h"
#include "Poco/Data/DataException.h"
#include "Poco/Logger.h"
#include <sqlite3.h>


namespace AuthServer {
namespace Persistence {


WalCheckpointer::WalCheckpointer(const std::string& path, int thresholdPages):
	_thresholdPages(thresholdPages > 0 ? thresholdPages : 1000)
{
	int rc = sqlite3_open_v2(path.c_str(), &_pDb, SQLITE_OPEN_READWRITE, nullptr);
	if (rc != SQLITE_OK)
	{
		std::string message = _pDb ? sqlite3_errmsg(_pDb) : "out of memory";
		sqlite3_close(_pDb);
		throw Poco::Data::DataException("cannot open the database for WAL checkpoints", message);
	}
	// The same durability as the writer's connection (Database.cpp): the
	// checkpoint syncs the WAL before copying and the database after.
	sqlite3_exec(_pDb, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
	_thread = std::thread([this] { run(); });
}


WalCheckpointer::~WalCheckpointer()
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		_stopping = true;
		_wake.notify_one();
	}
	if (_thread.joinable()) _thread.join();
	sqlite3_close(_pDb);
}


void WalCheckpointer::attach(sqlite3* pWriter)
{
	// Replaces the hook sqlite3_wal_autocheckpoint installed (sqlite.org
	// "c3ref/wal_hook.html"): the writer no longer checkpoints itself.
	sqlite3_wal_hook(pWriter, &WalCheckpointer::onCommit, this);
}


void WalCheckpointer::detach(sqlite3* pWriter)
{
	sqlite3_wal_hook(pWriter, nullptr, nullptr);
}


std::size_t WalCheckpointer::checkpoints() const
{
	return _checkpoints.load(std::memory_order_relaxed);
}


int WalCheckpointer::onCommit(void* pContext, sqlite3*, const char*, int pages)
{
	// On the writer thread, after each commit: below the threshold
	// (nearly always) nothing but a compare.
	WalCheckpointer* pSelf = static_cast<WalCheckpointer*>(pContext);
	if (pages < pSelf->_thresholdPages) return SQLITE_OK;
	std::lock_guard<std::mutex> lock(pSelf->_mutex);
	if (!pSelf->_requested)
	{
		pSelf->_requested = true;
		pSelf->_wake.notify_one();
	}
	return SQLITE_OK;
}


void WalCheckpointer::run()
{
	for (;;)
	{
		{
			std::unique_lock<std::mutex> lock(_mutex);
			_wake.wait(lock, [this] { return _requested || _stopping; });
			if (_stopping) return;
			_requested = false;
		}
		int logPages = 0;
		int copied = 0;
		int rc = sqlite3_wal_checkpoint_v2(_pDb, nullptr, SQLITE_CHECKPOINT_PASSIVE, &logPages, &copied);
		if (rc == SQLITE_OK) _checkpoints.fetch_add(1, std::memory_order_relaxed);
		else if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			Poco::Logger::get("AuthServer.Persistence").warning("WAL checkpoint failed: %s", std::string(sqlite3_errmsg(_pDb)));
	}
}


} } // namespace AuthServer::Persistence
