//
// SqliteConnection.h
//
// A SQLite connection with a cache of prepared statements (internal to
// Persistence): the hot paths' statements are prepared once per connection,
// not parsed and planned again for each request as a POCO Data Statement is.
//


#ifndef AuthServer_Persistence_SqliteConnection_INCLUDED
#define AuthServer_Persistence_SqliteConnection_INCLUDED


#include "Poco/Types.h"
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>


struct sqlite3;
struct sqlite3_stmt;


namespace AuthServer {
namespace Persistence {


class SqliteConnection
	/// One sqlite3 connection and the statements prepared on it, keyed by
	/// their SQL text. Not thread-safe: one thread uses it at a time (a
	/// reader leased from Database, or the writer thread).
{
	struct Prepared;

public:
	explicit SqliteConnection(::sqlite3* pHandle);
		/// Wraps a connection someone else owns (the writer's POCO session);
		/// the prepared statements are finalized at destruction, the
		/// connection is not closed.

	explicit SqliteConnection(const std::string& path);
		/// Opens path (a file name or a file: URI) read-write, with
		/// busy_timeout 10 s. Throws Poco::Data::DataException when it cannot.

	~SqliteConnection();
		/// Finalizes the statements; closes the connection if it opened it.

	SqliteConnection(const SqliteConnection&) = delete;
	SqliteConnection& operator = (const SqliteConnection&) = delete;

	void exec(const char* sql);
		/// Runs sql (statements without results: BEGIN, SAVEPOINT, PRAGMA).
		/// Throws the POCO SQLite exception for its result code.

	::sqlite3* handle() const;
		/// Returns the connection.

	class Query
		/// A cached statement in use: binds values in order, steps, reads
		/// the current row's columns by name; reset and unbound again when
		/// it goes out of scope. Errors throw the POCO SQLite exception of
		/// the result code (as a POCO Data Statement would).
	{
	public:
		Query(SqliteConnection& connection, const std::string& sql);
		~Query();

		Query(const Query&) = delete;
		Query& operator = (const Query&) = delete;

		Query& bind(Poco::Int64 value);
		Query& bind(const std::string& value);
			/// Binds the next parameter (SQLite copies the text).
		Query& bind(const std::optional<std::string>& value);
			/// Binds the next parameter, NULL when empty.

		bool next();
			/// Steps once; returns true when a row is current, false when the
			/// statement is done.

		int execute();
			/// Steps to the end; returns the rows changed.

		bool isNull(const std::string& column) const;
		std::string str(const std::string& column) const;
		std::optional<std::string> optStr(const std::string& column) const;
		Poco::Int64 int64(const std::string& column) const;
		std::optional<Poco::Int64> optInt64(const std::string& column) const;
		bool boolean(const std::string& column) const;
			/// Read a column of the current row by name, as RowReader does:
			/// NULL is an empty string / 0 / std::nullopt.
			/// Throws Poco::NotFoundException for a column not in the result.

	private:
		int index(const std::string& column) const;

		SqliteConnection& _connection;
		Prepared* _pPrepared;
		int _next = 0;
	};

private:
	Prepared* prepare(const std::string& sql);
	[[noreturn]] void fail(int rc, const std::string& what) const;

	::sqlite3* _pHandle;
	bool _owned;
	std::unordered_map<std::string, std::unique_ptr<Prepared>> _statements;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_SqliteConnection_INCLUDED
