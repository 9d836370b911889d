//
// RevocationList.cpp
//


#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Logger.h"


namespace AuthServer {
namespace Identity {


namespace
{
	const std::string REVOKED = "revoked";

	Poco::Logger& logger()
	{
		return Poco::Logger::get("AuthServer.Identity");
	}
}


RevocationList::RevocationList(Persistence::SessionStore& sessions, Cache::Cache& cache, int markerTtlSeconds):
	_sessions(sessions),
	_cache(cache),
	_markerTtl(markerTtlSeconds)
{
}


std::string RevocationList::sessionKey(const std::string& sessionId)
{
	return "session:" + sessionId;
}


std::string RevocationList::accessTokenKey(const std::string& jti)
{
	return "jti:" + jti;
}


bool RevocationList::isSessionLive(const std::string& sessionId, Poco::Int64 userId)
{
	std::optional<std::string> marker;
	try
	{
		marker = _cache.get(sessionKey(sessionId));
	}
	catch (Poco::Exception& exc)
	{
		logger().warning("session marker read failed, using the database: %s", exc.displayText());
		return liveInDatabase(sessionId, userId, false);
	}
	return isSessionLive(sessionId, userId, marker);
}


bool RevocationList::isSessionLive(const std::string& sessionId, Poco::Int64 userId, const std::optional<std::string>& cachedMarker)
{
	if (cachedMarker) return *cachedMarker == "live:" + std::to_string(userId);
	return liveInDatabase(sessionId, userId, true);
}


bool RevocationList::liveInDatabase(const std::string& sessionId, Poco::Int64 userId, bool addMarker)
{
	auto session = _sessions.find(sessionId);
	bool isLive = session && !session->revokedAt && session->userId == userId;
	if (addMarker)
	{
		try
		{
			_cache.add(sessionKey(sessionId), isLive ? "live:" + std::to_string(userId) : REVOKED, _markerTtl);
		}
		catch (Poco::Exception&)
		{
		}
	}
	return isLive;
}


void RevocationList::markRevoked(const std::string& sessionId)
{
	try
	{
		_cache.set(sessionKey(sessionId), REVOKED, _markerTtl);
	}
	catch (Poco::Exception& exc)
	{
		// The database already says revoked; a stale "live" marker could
		// remain, so drop it if we can and report loudly.
		logger().error("session revocation marker write failed: %s", exc.displayText());
		try { _cache.remove(sessionKey(sessionId)); } catch (...) {}
	}
}


bool RevocationList::revokeSession(const std::string& sessionId, const std::string& reason)
{
	bool wasLive = _sessions.revoke(sessionId, Core::Clock::now(), reason);
	markRevoked(sessionId);
	return wasLive;
}


std::vector<std::string> RevocationList::revokeAllForUser(Poco::Int64 userId, const std::string& reason, const std::string& exceptSessionId)
{
	std::vector<std::string> revoked = _sessions.revokeAllForUser(userId, Core::Clock::now(), reason, exceptSessionId);
	for (const std::string& sid: revoked) markRevoked(sid);
	return revoked;
}


void RevocationList::blacklistAccessToken(const std::string& jti, Poco::Int64 expiresAt)
{
	Poco::Int64 ttl = expiresAt - Core::Clock::now();
	if (ttl <= 0) return;
	try
	{
		_cache.set(accessTokenKey(jti), "1", static_cast<int>(ttl) + 1);
	}
	catch (Poco::Exception& exc)
	{
		logger().error("access token blacklist write failed: %s", exc.displayText());
	}
}


bool RevocationList::isAccessTokenBlacklisted(const std::string& jti)
{
	try
	{
		return static_cast<bool>(_cache.get(accessTokenKey(jti)));
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


} } // namespace AuthServer::Identity
