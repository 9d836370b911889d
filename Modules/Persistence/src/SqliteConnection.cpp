//
// SqliteConnection.cpp
//


#include "SqliteConnection.h"
#include "Poco/Data/DataException.h"
#include "Poco/Data/SQLite/Utility.h"
#include "Poco/Exception.h"
#include <cstring>
#include <sqlite3.h>


namespace AuthServer {
namespace Persistence {


struct SqliteConnection::Prepared
{
	sqlite3_stmt* pStatement = nullptr;
	std::vector<std::string> columns;

	~Prepared()
	{
		sqlite3_finalize(pStatement);
	}
};


SqliteConnection::SqliteConnection(sqlite3* pHandle):
	_pHandle(pHandle),
	_owned(false)
{
	if (!_pHandle) throw Poco::Data::DataException("no SQLite connection");
}


SqliteConnection::SqliteConnection(const std::string& path):
	_pHandle(nullptr),
	_owned(true)
{
	int rc = sqlite3_open_v2(path.c_str(), &_pHandle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
	if (rc != SQLITE_OK)
	{
		std::string message = _pHandle ? sqlite3_errmsg(_pHandle) : sqlite3_errstr(rc);
		sqlite3_close_v2(_pHandle);
		throw Poco::Data::DataException("cannot open SQLite database " + path + ": " + message);
	}
	sqlite3_busy_timeout(_pHandle, 10000);
}


SqliteConnection::~SqliteConnection()
{
	_statements.clear();
	if (_owned) sqlite3_close_v2(_pHandle);
}


void SqliteConnection::exec(const char* sql)
{
	int rc = sqlite3_exec(_pHandle, sql, nullptr, nullptr, nullptr);
	if (rc != SQLITE_OK) fail(rc, sql);
}


sqlite3* SqliteConnection::handle() const
{
	return _pHandle;
}


SqliteConnection::Prepared* SqliteConnection::prepare(const std::string& sql)
{
	auto it = _statements.find(sql);
	if (it != _statements.end()) return it->second.get();
	std::unique_ptr<Prepared> pPrepared(new Prepared);
	int rc = sqlite3_prepare_v3(_pHandle, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &pPrepared->pStatement, nullptr);
	if (rc != SQLITE_OK) fail(rc, sql);
	int n = sqlite3_column_count(pPrepared->pStatement);
	for (int i = 0; i < n; ++i)
	{
		const char* name = sqlite3_column_name(pPrepared->pStatement, i);
		pPrepared->columns.emplace_back(name ? name : "");
	}
	Prepared* p = pPrepared.get();
	_statements.emplace(sql, std::move(pPrepared));
	return p;
}


void SqliteConnection::fail(int rc, const std::string& what) const
{
	Poco::Data::SQLite::Utility::throwException(_pHandle, rc, what);
	throw Poco::Data::DataException(what); // not reached: throwException always throws
}


SqliteConnection::Query::Query(SqliteConnection& connection, const std::string& sql):
	_connection(connection),
	_pPrepared(connection.prepare(sql))
{
}


SqliteConnection::Query::~Query()
{
	sqlite3_reset(_pPrepared->pStatement);
	sqlite3_clear_bindings(_pPrepared->pStatement);
}


SqliteConnection::Query& SqliteConnection::Query::bind(Poco::Int64 value)
{
	int rc = sqlite3_bind_int64(_pPrepared->pStatement, ++_next, value);
	if (rc != SQLITE_OK) _connection.fail(rc, "bind");
	return *this;
}


SqliteConnection::Query& SqliteConnection::Query::bind(const std::string& value)
{
	int rc = sqlite3_bind_text(_pPrepared->pStatement, ++_next, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
	if (rc != SQLITE_OK) _connection.fail(rc, "bind");
	return *this;
}


SqliteConnection::Query& SqliteConnection::Query::bind(const std::optional<std::string>& value)
{
	if (value) return bind(*value);
	int rc = sqlite3_bind_null(_pPrepared->pStatement, ++_next);
	if (rc != SQLITE_OK) _connection.fail(rc, "bind");
	return *this;
}


bool SqliteConnection::Query::next()
{
	int rc = sqlite3_step(_pPrepared->pStatement);
	if (rc == SQLITE_ROW) return true;
	if (rc == SQLITE_DONE) return false;
	// sqlite3_reset returns the step's error code with its message kept.
	_connection.fail(rc, sqlite3_sql(_pPrepared->pStatement));
}


int SqliteConnection::Query::execute()
{
	while (next())
	{
	}
	return sqlite3_changes(_connection._pHandle);
}


int SqliteConnection::Query::index(const std::string& column) const
{
	const std::vector<std::string>& columns = _pPrepared->columns;
	for (std::size_t i = 0; i < columns.size(); ++i)
		if (columns[i] == column) return static_cast<int>(i);
	throw Poco::NotFoundException("no column " + column + " in the result");
}


bool SqliteConnection::Query::isNull(const std::string& column) const
{
	return sqlite3_column_type(_pPrepared->pStatement, index(column)) == SQLITE_NULL;
}


std::string SqliteConnection::Query::str(const std::string& column) const
{
	std::optional<std::string> value = optStr(column);
	return value ? *value : std::string();
}


std::optional<std::string> SqliteConnection::Query::optStr(const std::string& column) const
{
	int i = index(column);
	sqlite3_stmt* pStatement = _pPrepared->pStatement;
	if (sqlite3_column_type(pStatement, i) == SQLITE_NULL) return std::nullopt;
	const unsigned char* text = sqlite3_column_text(pStatement, i);
	int bytes = sqlite3_column_bytes(pStatement, i);
	return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(bytes));
}


Poco::Int64 SqliteConnection::Query::int64(const std::string& column) const
{
	std::optional<Poco::Int64> value = optInt64(column);
	return value ? *value : 0;
}


std::optional<Poco::Int64> SqliteConnection::Query::optInt64(const std::string& column) const
{
	int i = index(column);
	sqlite3_stmt* pStatement = _pPrepared->pStatement;
	if (sqlite3_column_type(pStatement, i) == SQLITE_NULL) return std::nullopt;
	return static_cast<Poco::Int64>(sqlite3_column_int64(pStatement, i));
}


bool SqliteConnection::Query::boolean(const std::string& column) const
{
	return int64(column) != 0;
}


} } // namespace AuthServer::Persistence
