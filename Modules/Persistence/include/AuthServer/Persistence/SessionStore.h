//
// SessionStore.h
//
// The sessions table.
//


#ifndef AuthServer_Persistence_SessionStore_INCLUDED
#define AuthServer_Persistence_SessionStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/LoginStart.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Persistence {


class SessionStore
	/// Reads and writes sessions. Throws Poco::Data::DataException on
	/// database failure.
{
public:
	static const char* const TOUCH;
		/// The touch statement (touch(), and RefreshTokenStore's
		/// rotation): "UPDATE sessions SET last_used_at = ? WHERE id = ?
		/// AND last_used_at < ?", bound (at, id, at), at in epoch seconds;
		/// to be passed through Database::sql().

	explicit SessionStore(Database& database);

	void insert(const SessionRecord& session);
		/// Inserts a new session.

	void insert(Poco::Data::Session& db, const SessionRecord& session);
		/// Inserts within the caller's transaction.

	bool startsLoginInOneStatement() const;
		/// Returns whether startLogin() can be used: PostgreSQL.

	bool startLogin(const LoginStart& login);
		/// PostgreSQL only (startsLoginInOneStatement()): writes login (the
		/// session, its first refresh token, the user's last login and the
		/// audit row) as one data-modifying statement, prepared once per
		/// connection: one round trip, where BEGIN, four statements and
		/// COMMIT took six (issue 14). Returns false, having written
		/// nothing, when the user row is gone (deleted since its
		/// credentials were checked). Throws Poco::Data::DataException
		/// (nothing written) when any part fails, and
		/// Poco::IllegalStateException on SQLite.

	std::optional<SessionRecord> find(const std::string& id);
		/// Returns the session, revoked or not.

	void touch(Poco::Data::Session& db, const std::string& id, Poco::Int64 at);
		/// Sets last_used_at to at (epoch seconds; a rotation) within the
		/// caller's transaction, only when that moves it forward: a second
		/// rotation in the same second, or a clock stepped back, writes
		/// nothing. On PostgreSQL each write of last_used_at (indexed for
		/// the retention job) is a non-HOT update, a new entry in all five
		/// sessions indexes; one session rotated many times a second (a
		/// client in a loop, bench/scale.sh's 32 chains at 2,500-4,700
		/// rotations a second) piled thousands of dead versions on its
		/// key, and a rotation's buffer hits grew from 42 to 479 per
		/// commit within a minute (issue 14).

	bool revoke(const std::string& id, Poco::Int64 at, const std::string& reason);
		/// Marks one session revoked; returns whether it was live.

	std::vector<std::string> revokeAllForUser(Poco::Int64 userId, Poco::Int64 at, const std::string& reason, const std::string& exceptId = "");
		/// Revokes every live session of the user except exceptId; returns
		/// the ids it revoked (for the cache markers).

	std::vector<SessionRecord> listActive(Poco::Int64 userId, Poco::Int64 now);
		/// Returns the user's live sessions (not revoked, not past
		/// expires_at), newest first.

private:
	Database& _database;
	const std::string _insert;
	const std::string _find;
	const std::string _touch;
	const std::string _revoke;
	const std::string _revokeReturning;
		/// PostgreSQL: as _revoke, answering the id when it revoked.
	const std::string _revokeAllReturning;
		/// PostgreSQL: every live session of a user but one, answering the ids.
	const std::string _liveForUser;
	const std::string _listActive;
	const std::string _startLoginPostgres;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_SessionStore_INCLUDED
