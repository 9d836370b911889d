//
// SessionService.h
//
// Sessions and their refresh tokens: start, rotation, replay within the
// grace interval, reuse revocation; the caller's own sessions: list and
// revoke one.
//


#ifndef AuthServer_Identity_SessionService_INCLUDED
#define AuthServer_Identity_SessionService_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/LoginStart.h"
#include "AuthServer/Persistence/RefreshTokenStore.h"
#include "AuthServer/Persistence/SessionRecord.h"
#include "AuthServer/Persistence/SessionStore.h"
#include "AuthServer/Persistence/User.h"
#include "AuthServer/Tokens/TokenService.h"
#include <functional>
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class SessionService
	/// A session is one refresh-token family, from a login to its logout
	/// (API.md "JWT claims"). This service owns the family: it starts a
	/// session for a user whose credentials another service proved, rotates
	/// its refresh tokens, answers a replay within the grace interval and
	/// revokes the session on reuse. It also lets a user see and end their
	/// own sessions (OWASP ASVS 3.3.4: view and log out of active sessions).
	///
	/// Rotation (RFC 9700 §4.14.2): the presented token is marked rotated by
	/// a conditional UPDATE (exactly one concurrent rotation wins, on every
	/// instance) and its successor is stored hashed (SHA-256). A rotated
	/// token presented again within jwt.refreshReuseInterval seconds gets the
	/// same successor back (from the cache, key "refresh:grace:<hash>");
	/// later it is reuse: the whole session is revoked and token_reused
	/// answered.
	///
	/// Every method throws Core::AuthException for a client-visible failure
	/// and Poco::Data::DataException when the database fails.
{
public:
	SessionService(Persistence::Database& database, Persistence::SessionStore& sessions, Persistence::RefreshTokenStore& refreshTokens,
		RevocationList& revocations, UserDirectory& directory, Tokens::TokenService& tokens, Cache::Cache& cache, AuditLog& audit,
		const IdentitySettings& settings);

	TokenPair start(const Persistence::User& user, const RequestContext& context,
		const std::function<void(Poco::Data::Session&)>& alsoInTransaction = nullptr);
		/// Creates a session for user (absolute end = now +
		/// session.absoluteLifetime seconds) and its first refresh token in
		/// one write transaction, and returns the first token pair (user
		/// without passwordHash). alsoInTransaction (when set) runs on that
		/// transaction before it commits; an exception it throws rolls the
		/// session back and propagates. The caller proved the credentials.

	bool startsLoginInOneStatement() const;
		/// Returns whether startLogin() can be used: PostgreSQL.

	std::optional<TokenPair> startLogin(const Persistence::User& user, const RequestContext& context, Poco::Int64 at);
		/// PostgreSQL only (startsLoginInOneStatement()): as start() at `at`
		/// (epoch seconds), with the login's own writes (the user's
		/// last_login_at = at and last_login_ip = context.ip, the
		/// login_succeeded audit row) in the same single statement: one
		/// round trip (Persistence::SessionStore::startLogin; issue 14).
		/// Returns nothing, having written nothing, when the user was
		/// deleted since the credentials were checked. Throws
		/// Poco::Data::DataException when a write fails (none committed).

	TokenPair rotate(const std::string& refreshToken, const RequestContext& context);
		/// Rotates refreshToken (RFC 9700 §4.14.2) and returns the new pair.
		/// Throws validation_error (empty), invalid_token (unknown, revoked,
		/// wrong type, session ended by logout, idle timeout (revokes it) or
		/// absolute lifetime, inactive account), token_expired,
		/// token_reused (a rotated token past the grace interval: the
		/// session is revoked and token_reuse_detected recorded).

	Principal authenticate(const std::string& accessToken);
		/// Returns the caller of a valid access token whose jti is not
		/// blacklisted, whose session is live and whose account is active;
		/// throws invalid_token or token_expired otherwise. The blacklist
		/// entry, the session marker and the cached user are read in one
		/// Cache::getMany (one Redis round trip, or none when the near cache
		/// holds all three: Cache/NearCache); a miss is answered by the
		/// database, and when the cache fails every answer comes from the
		/// database (the blacklist then reads as empty: the session's
		/// revocation still holds there).

	std::vector<Persistence::SessionRecord> list(const Principal& principal);
		/// Returns the caller's live sessions (not revoked, not expired),
		/// newest first. Throws Poco::Data::DataException.

	void revoke(const Principal& principal, const std::string& sessionId, const RequestContext& context);
		/// Revokes one of the caller's live sessions at once (its refresh
		/// tokens and access tokens) and records session_revoked. Throws
		/// Core::AuthException not_found for an unknown id, another user's
		/// session or one already revoked (never revealing which).

private:
	struct Started
		/// A new session's rows and the tokens that answer it.
	{
		Persistence::LoginStart rows;
		Tokens::IssuedToken refresh;
		Tokens::IssuedToken access;
	};

	Started prepare(const Persistence::User& user, const RequestContext& context, Poco::Int64 now);
		/// Issues the first token pair of a new session of user at now and
		/// returns it with the session and refresh token rows to write.

	static TokenPair pairOf(const Persistence::User& user, const Started& started);
		/// Returns the answer to a started session: its tokens, their
		/// lifetimes (seconds) and user without the password hash.

	TokenPair replayOrReuse(const Persistence::RefreshTokenRecord& record, const std::string& tokenHash, const RequestContext& context);
		/// A rotated token presented again: within the grace interval
		/// returns the successor the winning rotation cached (waiting up to
		/// 2 s for its cache write), else revokes the session and throws
		/// token_reused.

	Persistence::Database& _database;
	Persistence::SessionStore& _sessions;
	Persistence::RefreshTokenStore& _refreshTokens;
	RevocationList& _revocations;
	UserDirectory& _directory;
	Tokens::TokenService& _tokens;
	Cache::Cache& _cache;
	AuditLog& _audit;
	const IdentitySettings& _settings;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_SessionService_INCLUDED
