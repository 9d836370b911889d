//
// PgConnection.h
//
// Direct libpq access to a pooled PostgreSQL session, for the hot paths
// (stores of every module; libpq-fe.h stays out of this header).
//


#ifndef AuthServer_Persistence_PgConnection_INCLUDED
#define AuthServer_Persistence_PgConnection_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "Poco/Data/Session.h"
#include "Poco/Types.h"
#include <optional>
#include <string>
#include <vector>


struct pg_conn;   // libpq's PGconn
struct pg_result; // libpq's PGresult


namespace AuthServer {
namespace Persistence {


class PgConnection
	/// The libpq connection under a (pooled) POCO PostgreSQL session. POCO
	/// 1.11 runs every statement as PQprepare + PQdescribePrepared +
	/// PQexecPrepared + DEALLOCATE: four round trips. Here a statement is
	/// prepared once per connection under a fixed name and then executed
	/// with one round trip (PQexecPrepared); parameters and results travel
	/// as text. Which names a connection has prepared is remembered per
	/// connection (its PGconn and server process id), so a statement met
	/// first inside a transaction is prepared before it runs: a failed
	/// execution would abort the transaction. Used only on a session the
	/// caller holds alone.
{
public:
	using Value = std::optional<std::string>;
		/// A parameter or result column; nullopt is SQL NULL.

	using Row = std::vector<Value>;

	explicit PgConnection(Poco::Data::Session& session);
		/// Finds the PGconn of session (pooled or not). Throws
		/// Poco::InvalidArgumentException if it is not a PostgreSQL session.

	static bool isPostgres(Poco::Data::Session& session);
		/// Returns whether session is a PostgreSQL session.

	static std::optional<PgConnection> of(Database& database, Poco::Data::Session& session);
		/// Returns the libpq connection of session when database is
		/// PostgreSQL (and session one of its sessions), else nothing: the
		/// caller then runs its POCO Data statement (SQLite).

	bool alive();
		/// Returns false if the server closed the connection (restart,
		/// administrator command): a poll of the socket without a round
		/// trip; pending input is consumed, and a closed connection is left
		/// in CONNECTION_BAD so the pool drops it when it comes back.

	std::vector<Row> execute(const std::string& name, const std::string& sql, const std::vector<Value>& params);
		/// Executes sql (with $1.. placeholders) as the prepared statement
		/// name, preparing it on this connection first if needed; returns
		/// the rows (empty for a statement without result). Throws
		/// Poco::Data::DataException (the server's message and SQLSTATE) on
		/// failure. Runs in the session's current transaction, or alone
		/// (autocommit) when there is none.

	std::vector<Row> execute(const std::string& sql, const std::vector<Value>& params);
		/// As execute(nameOf(sql), sql, params).

	std::vector<Row> executeOnce(const std::string& sql, const std::vector<Value>& params);
		/// Executes sql (with $1.. placeholders) as the unnamed statement
		/// (PQexecParams): parsed and planned for these parameter values
		/// each time, in one round trip. For a statement whose plan must
		/// follow its values: PostgreSQL keeps a generic plan for a named
		/// statement after five executions when the generic plan's
		/// estimated cost is no higher (PREPARE, "plan_cache_mode"), and an
		/// estimate made without the values can be wrong by orders of
		/// magnitude. Returns the rows; throws as execute().

	Poco::Int64 integer(const std::string& sql, const std::vector<Value>& params);
		/// As execute(sql, params) for a statement answering one integer
		/// (a COUNT): returns the first column of the first row, 0 when
		/// there is no row or it is NULL. Throws Poco::SyntaxException when
		/// the value is not an integer, and what execute() throws.

	std::size_t update(const std::string& sql, const std::vector<Value>& params);
		/// As execute(sql, params) for INSERT / UPDATE / DELETE without
		/// RETURNING; returns the number of rows it affected.

	static std::string nameOf(const std::string& sql);
		/// Returns a statement name derived from the text of sql
		/// ("authserver_s<hash>"), the same for the same text in this
		/// process.

	void command(const char* sql);
		/// Runs one parameterless statement (BEGIN, COMMIT, ROLLBACK) as a
		/// simple query: one round trip, where a POCO statement takes four.
		/// Throws Poco::Data::DataException on failure.

private:
	bool prepared(const std::string& name);
		/// Returns whether name is prepared on this connection.

	void remember(const std::string& name);
		/// Records that name is prepared on this connection.

	static std::vector<const char*> texts(const std::vector<Value>& params);
		/// libpq's parameter array: each value's text, NULL for nullopt
		/// (pointers into params, valid while params lives).

	pg_result* run(const std::string& name, const std::vector<Value>& params);

	static std::vector<Row> rowsOf(pg_result* pResult);
		/// The rows of a successful result, NULL as nullopt.

	pg_result* checked(pg_result* pResult, const std::string& name);
		/// Returns pResult when it succeeded, else clears it and throws
		/// Poco::Data::DataException (the server's message and SQLSTATE).

	pg_result* executeResult(const std::string& name, const std::string& sql, const std::vector<Value>& params);
		/// Prepares if needed and executes; returns the successful result
		/// (the caller clears it) or throws Poco::Data::DataException.

	pg_conn* _pConnection;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_PgConnection_INCLUDED
