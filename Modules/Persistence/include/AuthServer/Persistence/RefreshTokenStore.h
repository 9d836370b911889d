//
// RefreshTokenStore.h
//
// The refresh_tokens table.
//


#ifndef AuthServer_Persistence_RefreshTokenStore_INCLUDED
#define AuthServer_Persistence_RefreshTokenStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/RefreshTokenRecord.h"
#include "AuthServer/Persistence/RefreshRotation.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class RefreshTokenStore
	/// Reads and writes refresh tokens. Throws Poco::Data::DataException on
	/// database failure.
{
public:
	explicit RefreshTokenStore(Database& database);

	void insert(Poco::Data::Session& db, const RefreshTokenRecord& token);
		/// Inserts within the caller's transaction.

	std::optional<RefreshTokenRecord> find(const std::string& tokenHash);
		/// Returns the token by its hash.

	struct TokenAndSession
	{
		RefreshTokenRecord token;
		std::optional<SessionRecord> session; /// nullopt if the session row is gone
	};

	std::optional<TokenAndSession> findWithSession(const std::string& tokenHash);
		/// Returns the token by its hash and its session, read in one
		/// statement (on PostgreSQL one prepared round trip).

	bool rotate(const RefreshRotation& rotation);
		/// Marks rotation.tokenHash rotated if it is not yet, and only then
		/// inserts the successor, touches the session and inserts the audit
		/// row, all in one transaction; returns whether this call rotated it
		/// (exactly one of concurrent rotations of one token wins, on every
		/// instance sharing the database). SQLite: one unit of the group-commit
		/// writer. PostgreSQL: one statement (data-modifying CTE), prepared
		/// once per connection, one round trip (issue 14). Throws
		/// Poco::Data::DataException.

	bool checksInRotation() const;
		/// Returns whether rotateIfValid() can be used: PostgreSQL, where the
		/// read, the checks and the rotation are one statement.

	struct CheckedRotation
	{
		bool rotated = false;                 /// this call rotated the token
		std::optional<TokenAndSession> found; /// the token and its session as read before the rotation; nullopt: unknown token
	};

	CheckedRotation rotateIfValid(const RefreshRotation& rotation, const std::string& sessionId, Poco::Int64 idleTimeout);
		/// PostgreSQL only (checksInRotation()): one prepared statement, one
		/// round trip. Reads the token and its session as findWithSession()
		/// does and rotates as rotate() does, but only when the token names
		/// sessionId and rotation.successor.userId, is not rotated yet, and
		/// its session exists, is not revoked, has not expired at
		/// rotation.at, was used less than idleTimeout (seconds) before it,
		/// and expires no earlier than rotation.successor.expiresAt. When it
		/// did not rotate, found lets the caller tell why (or, when every
		/// check held, that a concurrent rotation won). Throws
		/// Poco::Data::DataException.

	bool markRotated(Poco::Data::Session& db, const std::string& tokenHash, Poco::Int64 at);
		/// Sets rotated_at only if it is still unset; returns whether this
		/// call did it. The conditional UPDATE makes exactly one of several
		/// concurrent rotations of one token win, on every instance that
		/// shares the database.

private:
	Database& _database;
	const std::string _insert;
	const std::string _find;
	const std::string _markRotated;
	const std::string _findWithSession;
	const std::string _touchSession;
	const std::string _insertAudit;
	const std::string _rotatePostgres;
	const std::string _checkedRotatePostgres;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RefreshTokenStore_INCLUDED
