//
// PgConnection.cpp
//


#include "AuthServer/Persistence/PgConnection.h"
#include "LeasedSessionImpl.h"
#include "Poco/Data/DataException.h"
#include "Poco/Data/PooledSessionImpl.h"
#include "Poco/Data/PostgreSQL/SessionImpl.h"
#include "Poco/Exception.h"
#include "Poco/Mutex.h"
#include "Poco/NumberParser.h"
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <libpq-fe.h>
#include <poll.h>


namespace AuthServer {
namespace Persistence {


namespace
{
	struct PooledAccess: Poco::Data::PooledSessionImpl
		/// Reaches PooledSessionImpl::impl() (protected): the session under
		/// the pool's wrapper. Never instantiated.
	{
		static Poco::Data::SessionImpl* implOf(const Poco::Data::PooledSessionImpl& pooled)
		{
			return (pooled.*(&PooledAccess::impl))();
		}
	};

	Poco::Data::PostgreSQL::SessionImpl* postgresImpl(Poco::Data::Session& session)
	{
		Poco::Data::SessionImpl* pImpl = session.impl();
		if (auto* pLeased = dynamic_cast<LeasedSessionImpl*>(pImpl)) pImpl = pLeased->pooled();
		if (auto* pPooled = dynamic_cast<Poco::Data::PooledSessionImpl*>(pImpl)) pImpl = PooledAccess::implOf(*pPooled);
		return dynamic_cast<Poco::Data::PostgreSQL::SessionImpl*>(pImpl);
	}

	const char* const UNDEFINED_PREPARED_STATEMENT = "26000";
	const char* const DUPLICATE_PREPARED_STATEMENT = "42P05";

	struct PreparedNames
		/// The statement names prepared on one connection; pid is the
		/// server process of the connection, so a new connection that
		/// reuses a closed one's PGconn address starts empty.
	{
		int pid = 0;
		std::set<std::string> names;
	};

	Poco::FastMutex registryMutex;
	std::map<PGconn*, PreparedNames> registry;

	struct ResultGuard
	{
		PGresult* pResult;
		~ResultGuard() { if (pResult) PQclear(pResult); }
	};
}


PgConnection::PgConnection(Poco::Data::Session& session):
	_pConnection(nullptr)
{
	Poco::Data::PostgreSQL::SessionImpl* pImpl = postgresImpl(session);
	if (!pImpl) throw Poco::InvalidArgumentException("not a PostgreSQL session");
	_pConnection = pImpl->handle();
	if (!_pConnection) throw Poco::Data::DataException("PostgreSQL session not connected");
}


bool PgConnection::isPostgres(Poco::Data::Session& session)
{
	return postgresImpl(session) != nullptr;
}


bool PgConnection::alive()
{
	if (PQstatus(_pConnection) != CONNECTION_OK) return false;
	int fd = PQsocket(_pConnection);
	if (fd < 0) return false;
	struct pollfd p;
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	int n = ::poll(&p, 1, 0);
	if (n == 0) return true; // nothing pending: an idle, open connection
	if (n < 0) return false;
	// Input on an idle connection: a notice, or the server's goodbye and EOF.
	if (!PQconsumeInput(_pConnection) || PQstatus(_pConnection) != CONNECTION_OK) return false;
	// Still open after reading it: ask the server (one round trip, rare).
	ResultGuard probe{PQexec(_pConnection, "")};
	return probe.pResult && PQresultStatus(probe.pResult) == PGRES_EMPTY_QUERY && PQstatus(_pConnection) == CONNECTION_OK;
}


bool PgConnection::prepared(const std::string& name)
{
	int pid = PQbackendPID(_pConnection);
	Poco::FastMutex::ScopedLock lock(registryMutex);
	auto it = registry.find(_pConnection);
	if (it == registry.end()) return false;
	if (it->second.pid != pid)
	{
		registry.erase(it);
		return false;
	}
	return it->second.names.count(name) > 0;
}


void PgConnection::remember(const std::string& name)
{
	int pid = PQbackendPID(_pConnection);
	Poco::FastMutex::ScopedLock lock(registryMutex);
	PreparedNames& entry = registry[_pConnection];
	if (entry.pid != pid)
	{
		entry.pid = pid;
		entry.names.clear();
	}
	entry.names.insert(name);
}


std::optional<PgConnection> PgConnection::of(Database& database, Poco::Data::Session& session)
{
	if (database.dialect() != Database::Dialect::PostgreSQL || !isPostgres(session)) return std::nullopt;
	return PgConnection(session);
}


std::size_t PgConnection::update(const std::string& sql, const std::vector<Value>& params)
{
	ResultGuard result{executeResult(nameOf(sql), sql, params)};
	const char* affected = PQcmdTuples(result.pResult);
	return affected && *affected ? static_cast<std::size_t>(std::strtoull(affected, nullptr, 10)) : 0;
}


std::vector<PgConnection::Row> PgConnection::execute(const std::string& sql, const std::vector<Value>& params)
{
	return execute(nameOf(sql), sql, params);
}


Poco::Int64 PgConnection::integer(const std::string& sql, const std::vector<Value>& params)
{
	std::vector<Row> rows = execute(sql, params);
	if (rows.empty() || rows.front().empty() || !rows.front().front()) return 0;
	return Poco::NumberParser::parse64(*rows.front().front());
}


std::string PgConnection::nameOf(const std::string& sql)
{
	return "authserver_s" + std::to_string(std::hash<std::string>()(sql));
}


void PgConnection::command(const char* sql)
{
	ResultGuard result{PQexec(_pConnection, sql)};
	if (!result.pResult || PQresultStatus(result.pResult) != PGRES_COMMAND_OK)
	{
		std::string message = result.pResult ? PQresultErrorMessage(result.pResult) : PQerrorMessage(_pConnection);
		throw Poco::Data::DataException("postgresql " + std::string(sql) + " failed: " + message);
	}
}


std::vector<const char*> PgConnection::texts(const std::vector<Value>& params)
{
	std::vector<const char*> values;
	values.reserve(params.size());
	for (const Value& v: params) values.push_back(v ? v->c_str() : nullptr);
	return values;
}


PGresult* PgConnection::run(const std::string& name, const std::vector<Value>& params)
{
	std::vector<const char*> values = texts(params);
	return PQexecPrepared(_pConnection, name.c_str(), static_cast<int>(values.size()), values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
}


std::vector<PgConnection::Row> PgConnection::execute(const std::string& name, const std::string& sql, const std::vector<Value>& params)
{
	ResultGuard result{executeResult(name, sql, params)};
	return rowsOf(result.pResult);
}


std::vector<PgConnection::Row> PgConnection::executeOnce(const std::string& sql, const std::vector<Value>& params)
{
	std::vector<const char*> values = texts(params);
	ResultGuard result{checked(PQexecParams(_pConnection, sql.c_str(), static_cast<int>(values.size()), nullptr,
		values.empty() ? nullptr : values.data(), nullptr, nullptr, 0), "(unnamed)")};
	return rowsOf(result.pResult);
}


std::vector<PgConnection::Row> PgConnection::rowsOf(PGresult* pResult)
{
	std::vector<Row> rows;
	if (PQresultStatus(pResult) == PGRES_TUPLES_OK)
	{
		int n = PQntuples(pResult), columns = PQnfields(pResult);
		rows.reserve(static_cast<std::size_t>(n));
		for (int r = 0; r < n; ++r)
		{
			Row row;
			row.reserve(static_cast<std::size_t>(columns));
			for (int c = 0; c < columns; ++c)
			{
				if (PQgetisnull(pResult, r, c)) row.emplace_back(std::nullopt);
				else row.emplace_back(std::string(PQgetvalue(pResult, r, c), static_cast<std::size_t>(PQgetlength(pResult, r, c))));
			}
			rows.push_back(std::move(row));
		}
	}
	return rows;
}


PGresult* PgConnection::checked(PGresult* pResult, const std::string& name)
{
	ResultGuard result{pResult};
	ExecStatusType status = result.pResult ? PQresultStatus(result.pResult) : PGRES_FATAL_ERROR;
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
	{
		std::string message = result.pResult ? PQresultErrorMessage(result.pResult) : PQerrorMessage(_pConnection);
		const char* state = result.pResult ? PQresultErrorField(result.pResult, PG_DIAG_SQLSTATE) : nullptr;
		throw Poco::Data::DataException("postgresql statement " + name + " failed: " + message + (state ? std::string(" State: ") + state : std::string()));
	}
	result.pResult = nullptr;
	return pResult;
}


PGresult* PgConnection::executeResult(const std::string& name, const std::string& sql, const std::vector<Value>& params)
{
	if (!prepared(name))
	{
		// Prepare before the first execution on this connection: inside a
		// transaction a failed execution (26000) would abort it.
		ResultGuard preparation{PQprepare(_pConnection, name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr)};
		ExecStatusType preparedStatus = preparation.pResult ? PQresultStatus(preparation.pResult) : PGRES_FATAL_ERROR;
		const char* state = preparation.pResult ? PQresultErrorField(preparation.pResult, PG_DIAG_SQLSTATE) : nullptr;
		bool alreadyThere = state && std::strcmp(state, DUPLICATE_PREPARED_STATEMENT) == 0 && PQtransactionStatus(_pConnection) != PQTRANS_INERROR;
		if (preparedStatus != PGRES_COMMAND_OK && !alreadyThere)
			throw Poco::Data::DataException("postgresql prepare failed: " + std::string(PQerrorMessage(_pConnection)));
		remember(name);
	}
	ResultGuard result{run(name, params)};
	if (result.pResult && PQresultStatus(result.pResult) == PGRES_FATAL_ERROR)
	{
		const char* state = PQresultErrorField(result.pResult, PG_DIAG_SQLSTATE);
		if (state && std::strcmp(state, UNDEFINED_PREPARED_STATEMENT) == 0)
		{
			// The registry was wrong (the statement was dropped on the
			// server): prepare again and run. Inside a transaction the failure
			// has aborted it, and the prepare fails saying so.
			ResultGuard preparation{PQprepare(_pConnection, name.c_str(), sql.c_str(), static_cast<int>(params.size()), nullptr)};
			if (!preparation.pResult || PQresultStatus(preparation.pResult) != PGRES_COMMAND_OK)
				throw Poco::Data::DataException("postgresql prepare failed: " + std::string(PQerrorMessage(_pConnection)));
			PQclear(result.pResult);
			result.pResult = run(name, params);
		}
	}
	PGresult* pResult = result.pResult;
	result.pResult = nullptr;
	return checked(pResult, name);
}


} } // namespace AuthServer::Persistence
