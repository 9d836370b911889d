//
// SessionService.cpp
//


#include "AuthServer/Identity/SessionService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/JsonWriter.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include <chrono>
#include <limits>
#include <thread>


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	std::string graceKey(const std::string& tokenHash)
	{
		return "refresh:grace:" + tokenHash;
	}

	std::string encodeGrace(const TokenPair& pair)
	{
		// {"a","ae","r","re"}, written by Core::JsonWriter (issue 14: a
		// Poco::JSON::Object and its stringify were about 45,000
		// instructions of each refresh); read back by Poco's parser.
		Core::JsonWriter w(pair.accessToken.size() + pair.refreshToken.size() + 64);
		w.string("a", pair.accessToken);
		w.number("ae", pair.expiresIn);
		w.string("r", pair.refreshToken);
		w.number("re", pair.refreshExpiresIn);
		return w.str();
	}

}


SessionService::SessionService(Persistence::Database& database, Persistence::SessionStore& sessions, Persistence::RefreshTokenStore& refreshTokens,
	RevocationList& revocations, UserDirectory& directory, Tokens::TokenService& tokens, Cache::Cache& cache, AuditLog& audit,
	const IdentitySettings& settings):
	_database(database),
	_sessions(sessions),
	_refreshTokens(refreshTokens),
	_revocations(revocations),
	_directory(directory),
	_tokens(tokens),
	_cache(cache),
	_audit(audit),
	_settings(settings)
{
}


SessionService::Started SessionService::prepare(const User& user, const RequestContext& context, Poco::Int64 now)
{
	Started started;
	Persistence::SessionRecord& session = started.rows.session;
	session.id = Core::SecureRandom::token(16);
	session.userId = user.id;
	session.createdAt = now;
	session.lastUsedAt = now;
	session.expiresAt = now + _settings.sessionAbsoluteLifetime;
	session.ip = context.ip;
	session.userAgent = context.userAgent.substr(0, 512);

	started.refresh = _tokens.issueRefresh(user.id, session.id, session.expiresAt);
	started.access = _tokens.issueAccess(user.id, user.role, session.id);
	started.rows.token = Persistence::RefreshTokenRecord{Core::Digests::sha256Hex(started.refresh.token), session.id, user.id, started.refresh.issuedAt, started.refresh.expiresAt, std::nullopt};
	return started;
}


TokenPair SessionService::pairOf(const User& user, const Started& started)
{
	TokenPair pair;
	pair.accessToken = started.access.token;
	pair.refreshToken = started.refresh.token;
	pair.expiresIn = static_cast<int>(started.access.expiresAt - started.access.issuedAt);
	pair.refreshExpiresIn = static_cast<int>(started.refresh.expiresAt - started.refresh.issuedAt);
	pair.user = Account(user);
	return pair;
}


TokenPair SessionService::start(const User& user, const RequestContext& context, const std::function<void(Poco::Data::Session&)>& alsoInTransaction)
{
	Started started = prepare(user, context, Clock::now());
	_database.write([&](Poco::Data::Session& db)
	{
		_sessions.insert(db, started.rows.session);
		_refreshTokens.insert(db, started.rows.token);
		if (alsoInTransaction) alsoInTransaction(db);
	});
	return pairOf(user, started);
}


bool SessionService::startsLoginInOneStatement() const
{
	return _sessions.startsLoginInOneStatement();
}


std::optional<TokenPair> SessionService::startLogin(const User& user, const RequestContext& context, Poco::Int64 at)
{
	Started started = prepare(user, context, at);
	started.rows.auditDetail = AuditLog::storedDetail("", context);
	if (!_sessions.startLogin(started.rows)) return std::nullopt;
	return pairOf(user, started);
}


TokenPair SessionService::rotate(const std::string& refreshToken, const RequestContext& context)
{
	if (refreshToken.empty()) throw Core::ValidationException("refresh_token", "This field is required.");
	Tokens::TokenClaims claims = _tokens.verify(refreshToken, Tokens::TokenType::Refresh);
	std::string tokenHash = Core::Digests::sha256Hex(refreshToken);
	Poco::Int64 now = Clock::now();
	auto answer = [&](const User& user, const Tokens::IssuedToken& next, const Tokens::IssuedToken& access)
	{
		TokenPair pair;
		pair.accessToken = access.token;
		pair.refreshToken = next.token;
		pair.expiresIn = static_cast<int>(access.expiresAt - access.issuedAt);
		pair.refreshExpiresIn = static_cast<int>(next.expiresAt - next.issuedAt);
		pair.user = Account(user);
		if (_settings.refreshReuseInterval > 0)
		{
			try
			{
				_cache.set(graceKey(tokenHash), encodeGrace(pair), _settings.refreshReuseInterval + 5);
			}
			catch (Poco::Exception& exc)
			{
				Poco::Logger::get("AuthServer.Identity").warning("refresh grace entry not cached: %s", exc.displayText());
			}
		}
		_audit.logCommitted("token_refreshed", user.id, context);
		return pair;
	};
	auto rotationOf = [&](const User& user, const std::string& sessionId, const Tokens::IssuedToken& next)
	{
		Persistence::RefreshRotation rotation;
		rotation.tokenHash = tokenHash;
		rotation.at = now;
		rotation.successor = Persistence::RefreshTokenRecord{Core::Digests::sha256Hex(next.token), sessionId, user.id, next.issuedAt, next.expiresAt, std::nullopt};
		rotation.ip = context.ip;
		rotation.userAgent = context.userAgent;
		return rotation;
	};
	std::optional<Persistence::RefreshTokenStore::TokenAndSession> found;
	if (_refreshTokens.checksInRotation())
	{
		// PostgreSQL: the read, the checks below and the rotation in one
		// statement, one round trip (issue 14). The successor is signed
		// first with the full lifetime; when the session ends sooner, or a
		// check fails, nothing is rotated and the row read tells the steps
		// below what to answer, as on the other path.
		std::optional<User> user = _directory.get(claims.userId);
		if (user && user->isActive)
		{
			Tokens::IssuedToken next = _tokens.issueRefresh(user->id, claims.sessionId, std::numeric_limits<Poco::Int64>::max());
			Tokens::IssuedToken access = _tokens.issueAccess(user->id, user->role, claims.sessionId);
			Persistence::RefreshTokenStore::CheckedRotation outcome = _refreshTokens.rotateIfValid(rotationOf(*user, claims.sessionId, next), claims.sessionId, _settings.sessionIdleTimeout);
			if (outcome.rotated) return answer(*user, next, access);
			found = outcome.found;
		}
		else found = _refreshTokens.findWithSession(tokenHash);
	}
	else
	{
		// The token and its session in one read; the rotation in one write.
		found = _refreshTokens.findWithSession(tokenHash);
	}
	if (!found || found->token.sessionId != claims.sessionId || found->token.userId != claims.userId)
		throw AuthException(Problem::InvalidToken, "The refresh token is not known.");
	const Persistence::RefreshTokenRecord& record = found->token;
	const std::optional<Persistence::SessionRecord>& session = found->session;
	if (!session || session->revokedAt)
		throw AuthException(Problem::InvalidToken, "The session has ended.");
	if (session->expiresAt <= now)
		throw AuthException(Problem::InvalidToken, "The session has reached its maximum lifetime; log in again.");
	if (record.rotatedAt) return replayOrReuse(record, tokenHash, context);
	if (session->lastUsedAt + _settings.sessionIdleTimeout <= now)
	{
		_revocations.revokeSession(session->id, "idle_timeout");
		throw AuthException(Problem::InvalidToken, "The session has been idle too long; log in again.");
	}
	std::optional<User> user = _directory.get(record.userId);
	if (!user || !user->isActive)
		throw AuthException(Problem::InvalidToken, "The account is not active.");

	Tokens::IssuedToken next = _tokens.issueRefresh(user->id, session->id, session->expiresAt);
	Tokens::IssuedToken access = _tokens.issueAccess(user->id, user->role, session->id);
	// The session touch and the audit row commit with the rotation: one
	// write transaction per refresh, and no rotation without its record.
	bool won = _refreshTokens.rotate(rotationOf(*user, session->id, next));
	if (!won)
	{
		// Another request rotated it first (here or on another instance);
		// the transaction is closed before waiting or revoking.
		auto rotated = _refreshTokens.find(tokenHash);
		if (!rotated) throw AuthException(Problem::InvalidToken, "The refresh token is not known.");
		return replayOrReuse(*rotated, tokenHash, context);
	}
	return answer(*user, next, access);
}


TokenPair SessionService::replayOrReuse(const Persistence::RefreshTokenRecord& record, const std::string& tokenHash, const RequestContext& context)
{
	Poco::Int64 now = Clock::now();
	if (_settings.refreshReuseInterval > 0 && record.rotatedAt && now - *record.rotatedAt <= _settings.refreshReuseInterval)
	{
		// A retry or a parallel tab: hand back the successor the winner
		// cached. The winner may still be between its commit and its cache
		// write, so wait for it briefly.
		for (int i = 0; i < 100; ++i)
		{
			std::optional<std::string> cached;
			try
			{
				cached = _cache.get(graceKey(tokenHash));
			}
			catch (Poco::Exception&)
			{
				break;
			}
			if (cached)
			{
				Poco::JSON::Parser parser;
				Poco::JSON::Object::Ptr o = parser.parse(*cached).extract<Poco::JSON::Object::Ptr>();
				std::optional<User> user = _directory.get(record.userId);
				if (!user || !user->isActive) throw AuthException(Problem::InvalidToken, "The account is not active.");
				TokenPair pair;
				pair.accessToken = o->getValue<std::string>("a");
				pair.refreshToken = o->getValue<std::string>("r");
				pair.expiresIn = o->getValue<int>("ae");
				pair.refreshExpiresIn = o->getValue<int>("re");
				pair.user = Account(*user);
				return pair;
			}
			std::this_thread::sleep_for(std::chrono::milliseconds(20));
		}
		throw AuthException(Problem::InvalidToken, "The refresh token was just rotated; use its successor.");
	}
	// Reuse of a rotated token: assume theft and end the whole session
	// (RFC 9700 §4.14.2).
	_revocations.revokeSession(record.sessionId, "token_reuse");
	_audit.record("token_reuse_detected", record.userId, context, "session revoked");
	throw AuthException(Problem::TokenReused, "This refresh token was already used; the session has been ended.");
}


Principal SessionService::authenticate(const std::string& accessToken)
{
	Tokens::TokenClaims claims = _tokens.verify(accessToken, Tokens::TokenType::Access);
	// The blacklist entry, the session marker and the user in one cache
	// round trip (Redis MGET); a miss is filled from the database.
	std::optional<User> user;
	std::vector<std::optional<std::string>> cached;
	try
	{
		cached = _cache.getMany({RevocationList::accessTokenKey(claims.jti), RevocationList::sessionKey(claims.sessionId), UserDirectory::cacheKey(claims.userId)});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").warning("cache read failed, using the database: %s", exc.displayText());
	}
	if (cached.size() == 3)
	{
		if (cached[0] || !_revocations.isSessionLive(claims.sessionId, claims.userId, cached[1]))
			throw AuthException(Problem::InvalidToken, "The token has been revoked.");
		user = _directory.get(claims.userId, cached[2]);
	}
	else
	{
		if (_revocations.isAccessTokenBlacklisted(claims.jti) || !_revocations.isSessionLive(claims.sessionId, claims.userId))
			throw AuthException(Problem::InvalidToken, "The token has been revoked.");
		user = _directory.get(claims.userId);
	}
	if (!user || !user->isActive)
		throw AuthException(Problem::InvalidToken, "The account is not active.");
	Principal principal;
	principal.userId = claims.userId;
	principal.sessionId = claims.sessionId;
	principal.jti = claims.jti;
	principal.role = user->role;
	principal.expiresAt = claims.expiresAt;
	principal.user = Account(*user);
	return principal;
}


std::vector<Persistence::SessionRecord> SessionService::list(const Principal& principal)
{
	return _sessions.listActive(principal.userId, Core::Clock::now());
}


void SessionService::revoke(const Principal& principal, const std::string& sessionId, const RequestContext& context)
{
	std::optional<Persistence::SessionRecord> session = _sessions.find(sessionId);
	if (!session || session->userId != principal.userId || session->revokedAt)
		throw AuthException(Problem::NotFound, "No such session.");
	if (!_revocations.revokeSession(sessionId, "session_revoked"))
		throw AuthException(Problem::NotFound, "No such session.");
	_audit.record("session_revoked", principal.userId, context, "session " + sessionId);
}


} } // namespace AuthServer::Identity
