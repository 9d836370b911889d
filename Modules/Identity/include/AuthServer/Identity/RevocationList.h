//
// RevocationList.h
//
// Immediate revocation of sessions (sid) and access tokens (jti).
//


#ifndef AuthServer_Identity_RevocationList_INCLUDED
#define AuthServer_Identity_RevocationList_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Persistence/SessionStore.h"
#include "Poco/Types.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class RevocationList
	/// Answers "is this session / this access token revoked?" on every
	/// authenticated request (API.md: revocation is immediate, not at exp).
	/// The database (sessions.revoked_at) is the truth; the cache holds a
	/// marker per session ("session:<sid>" = "live:<userId>" or "revoked")
	/// and the access-token blacklist ("jti:<jti>", until the token's exp).
	/// Revocation writes the database first, then overwrites the marker;
	/// readers only add() markers, so a stale "live" can never overwrite a
	/// "revoked". When the cache fails, answers come from the database.
{
public:
	RevocationList(Persistence::SessionStore& sessions, Cache::Cache& cache, int markerTtlSeconds);

	bool isSessionLive(const std::string& sessionId, Poco::Int64 userId);
		/// Returns whether the session exists, belongs to userId and is not
		/// revoked. Throws Poco::Data::DataException if the cache misses
		/// and the database fails.

	bool isSessionLive(const std::string& sessionId, Poco::Int64 userId, const std::optional<std::string>& cachedMarker);
		/// As isSessionLive(sessionId, userId) with the marker already read
		/// from the cache (key sessionKey(sessionId), e.g. in one MGET with
		/// other entries): a present marker answers; on nothing the database
		/// answers and the marker is added.

	static std::string sessionKey(const std::string& sessionId);
		/// Returns the cache key of the session's marker ("session:<sid>").

	static std::string accessTokenKey(const std::string& jti);
		/// Returns the cache key of the access-token blacklist entry
		/// ("jti:<jti>"); present means blacklisted.

	bool revokeSession(const std::string& sessionId, const std::string& reason);
		/// Revokes one session; returns whether it was live.

	std::vector<std::string> revokeAllForUser(Poco::Int64 userId, const std::string& reason, const std::string& exceptSessionId = "");
		/// Revokes every live session of the user but one; returns the ids.

	void blacklistAccessToken(const std::string& jti, Poco::Int64 expiresAt);
		/// Refuses the access token with this jti until expiresAt.

	bool isAccessTokenBlacklisted(const std::string& jti);
		/// Returns whether the jti is blacklisted (false if the cache
		/// fails: its session's revocation still holds in the database).

private:
	void markRevoked(const std::string& sessionId);

	bool liveInDatabase(const std::string& sessionId, Poco::Int64 userId, bool addMarker);
		/// Reads the session from the database and, when addMarker, adds
		/// its marker (SET NX: never overwrites a "revoked").

	Persistence::SessionStore& _sessions;
	Cache::Cache& _cache;
	int _markerTtl;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_RevocationList_INCLUDED
