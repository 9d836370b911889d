//
// AuthenticationService.cpp
//


#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include <chrono>
#include <limits>
#include <sstream>
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
		Poco::JSON::Object o;
		o.set("a", pair.accessToken);
		o.set("r", pair.refreshToken);
		o.set("ae", pair.expiresIn);
		o.set("re", pair.refreshExpiresIn);
		std::ostringstream out;
		o.stringify(out);
		return out.str();
	}
}


AuthenticationService::AuthenticationService(Persistence::Database& database, Persistence::UserStore& users, UserDirectory& directory,
	Persistence::SessionStore& sessions, Persistence::RefreshTokenStore& refreshTokens, RevocationList& revocations,
	Tokens::TokenService& tokens, PasswordService& passwords, Cache::Cache& cache, AuditLog& audit, OtpService& otp,
	RateLimiter& limiter, const IdentitySettings& settings):
	_database(database),
	_users(users),
	_directory(directory),
	_sessions(sessions),
	_refreshTokens(refreshTokens),
	_revocations(revocations),
	_tokens(tokens),
	_passwords(passwords),
	_cache(cache),
	_audit(audit),
	_otp(otp),
	_limiter(limiter),
	_settings(settings)
{
}


void AuthenticationService::setSecondFactorGate(SecondFactorGate* pGate)
{
	_pGate = pGate;
}


AuthException AuthenticationService::invalidCredentials() const
{
	return AuthException(Problem::InvalidCredentials, _settings.preventEnumeration ?
		"The email or password is incorrect, or the email address is not verified yet." :
		"The email or password is incorrect.");
}


TokenPair AuthenticationService::login(const std::string& email, const std::string& password, const RequestContext& context)
{
	LoginOutcome outcome = beginLogin(email, password, context);
	if (!outcome.tokens) throw AuthException(Problem::InvalidCredentials, "This account logs in with a one-time code.");
	return *outcome.tokens;
}


LoginOutcome AuthenticationService::beginLogin(const std::string& rawEmail, const std::string& password, const RequestContext& context)
{
	Core::ValidationException::FieldErrors errors;
	if (EmailAddress::normalize(rawEmail).empty()) errors["email"].push_back("This field is required.");
	if (password.empty()) errors["password"].push_back("This field is required.");
	if (!errors.empty()) throw Core::ValidationException(errors);

	std::string email = EmailAddress::normalize(rawEmail);
	// An address the owner logged in from is not throttled per account:
	// the per-address limits and lock still hold there (issue 17 finding 6).
	if (!_limiter.isKnownAddress(email, context.ip)) _limiter.checkAccount("login", email);
	_limiter.checkLockout(email, context.ip);
	std::optional<User> user = _users.findByEmail(email);
	if (!user || !user->passwordHash)
	{
		_passwords.burn(password);
		_limiter.recordFailure(email, context.ip);
		_audit.record("login_failed", std::nullopt, context, "unknown_account");
		throw invalidCredentials();
	}
	if (!_passwords.verify(*user->passwordHash, password))
	{
		_limiter.recordFailure(email, context.ip);
		_audit.record("login_failed", user->id, context, "bad_password");
		throw invalidCredentials();
	}
	if (!user->isActive)
	{
		_audit.record("login_failed", user->id, context, "account_inactive");
		throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	}
	if (_settings.requireEmailVerification && !user->emailVerified)
	{
		_audit.record("login_failed", user->id, context, "email_not_verified");
		// Under auth.preventEnumeration a fresh (unverified) account and a
		// wrong password for a taken email must look alike: otherwise
		// registering and then logging in tells whether the email was taken.
		if (_settings.preventEnumeration) throw invalidCredentials();
		throw AuthException(Problem::EmailNotVerified, "Verify your email address before logging in.");
	}
	// A Django hash (imported account) proven by this password becomes
	// Argon2id: in the login's transaction, or in its own one when a second
	// factor or a code is still to come.
	std::optional<std::string> upgraded = legacyUpgrade(*user, password);
	LoginOutcome outcome;
	// A second factor of the account's own (authenticator app) comes before
	// the emailed / texted code, and satisfies auth.adminRequireOtp. The
	// login succeeds (failures forgotten, address known) only once it is
	// proven: its wrong answers count toward the same lockout.
	if (_pGate)
	{
		if (std::optional<SecondFactorGate::Challenge> challenge = _pGate->challenge(*user, context))
		{
			if (upgraded) storeUpgrade(*user, *upgraded, context);
			outcome.mfaChallenge = challenge->token;
			outcome.mfaMethods = challenge->methods;
			outcome.mfaWebauthnOptions = challenge->webauthnOptions;
			return outcome;
		}
	}
	_limiter.recordSuccess(email, context.ip);
	// OWASP ASVS 4.3.1: administrators prove a second factor under auth.adminRequireOtp.
	if (user->otpLoginEnabled || (_settings.adminRequireOtp && user->role == "admin"))
	{
		if (upgraded) storeUpgrade(*user, *upgraded, context);
		outcome.otpChallenge = _otp.startLoginChallenge(*user, context);
		outcome.otpChannel = user->otpChannel == "sms" && user->phoneNumber && user->phoneVerified ? "sms" : "email";
		return outcome;
	}
	bool rehashed = false;
	outcome.tokens = finishLogin(*user, context, false, [&](Poco::Data::Session& db)
	{
		if (upgraded) rehashed = writeUpgrade(db, *user, *upgraded, context);
	});
	if (rehashed) upgradeCommitted(*user, context);
	return outcome;
}


std::optional<std::string> AuthenticationService::legacyUpgrade(const User& user, const std::string& password)
{
	if (!user.passwordHash || _passwords.legacyScheme(*user.passwordHash).empty()) return std::nullopt;
	return _passwords.hash(password);
}


bool AuthenticationService::writeUpgrade(Poco::Data::Session& db, const User& user, const std::string& phc, const RequestContext& context)
{
	if (!_users.replacePasswordHash(db, user.id, *user.passwordHash, phc, Clock::now())) return false;
	_audit.recordIn(db, "password_rehashed", user.id, context, _passwords.legacyScheme(*user.passwordHash));
	return true;
}


void AuthenticationService::upgradeCommitted(const User& user, const RequestContext& context)
{
	_directory.invalidate(user.id);
	_audit.logCommitted("password_rehashed", user.id, context, _passwords.legacyScheme(*user.passwordHash));
}


void AuthenticationService::storeUpgrade(const User& user, const std::string& phc, const RequestContext& context)
{
	bool rehashed = false;
	{
		Poco::Data::Session db = _database.session();
		Persistence::Transaction transaction(_database, db);
		rehashed = writeUpgrade(db, user, phc, context);
		transaction.commit();
	}
	if (rehashed) upgradeCommitted(user, context);
}


TokenPair AuthenticationService::completeOtpLogin(const std::string& challenge, const std::string& code, const RequestContext& context)
{
	Poco::Int64 userId = _otp.completeLoginChallenge(challenge, code, context);
	std::optional<User> user = _users.findById(userId);
	if (!user) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	if (!user->isActive) throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	return finishLogin(*user, context, true);
}


LoginOutcome AuthenticationService::loginWithOtp(const std::string& channel, const std::string& destination, const std::string& code, const RequestContext& context)
{
	User user = _otp.checkLogin(channel, destination, code, context);
	return finishFirstFactor(user, context);
}


LoginOutcome AuthenticationService::finishFirstFactor(const User& user, const RequestContext& context)
{
	LoginOutcome outcome;
	if (_pGate)
	{
		if (std::optional<SecondFactorGate::Challenge> challenge = _pGate->challenge(user, context))
		{
			outcome.mfaChallenge = challenge->token;
			outcome.mfaMethods = challenge->methods;
			outcome.mfaWebauthnOptions = challenge->webauthnOptions;
			return outcome;
		}
	}
	outcome.tokens = finishLogin(user, context);
	return outcome;
}


TokenPair AuthenticationService::finishLogin(const User& user, const RequestContext& context, bool multiFactor,
	const std::function<void(Poco::Data::Session&)>& alsoInTransaction)
{
	if (_settings.adminRequireOtp && user.role == "admin" && !multiFactor)
	{
		_audit.record("login_failed", user.id, context, "admin_requires_mfa");
		throw AuthException(Problem::Forbidden, "Administrators sign in with their password and a one-time code.");
	}
	Poco::Int64 now = Clock::now();
	// The session, last_login_at and the audit row commit together: one
	// write transaction per login, and no login without its record.
	TokenPair pair = openSession(user, context, [&](Poco::Data::Session& db)
	{
		_users.recordLogin(db, user.id, now, context.ip);
		_audit.recordIn(db, "login_succeeded", user.id, context);
		if (alsoInTransaction) alsoInTransaction(db);
	});
	_directory.invalidate(user.id);
	pair.user.lastLoginAt = now;
	pair.user.lastLoginIp = context.ip;
	_audit.logCommitted("login_succeeded", user.id, context);
	return pair;
}


TokenPair AuthenticationService::startSession(const User& user, const RequestContext& context)
{
	return openSession(user, context, nullptr);
}


TokenPair AuthenticationService::startSession(const User& user, const RequestContext& context, const std::function<void(Poco::Data::Session&)>& alsoInTransaction)
{
	return openSession(user, context, alsoInTransaction);
}


TokenPair AuthenticationService::openSession(const User& user, const RequestContext& context, const std::function<void(Poco::Data::Session&)>& alsoInTransaction)
{
	Poco::Int64 now = Clock::now();
	Persistence::SessionRecord session;
	session.id = Core::SecureRandom::token(16);
	session.userId = user.id;
	session.createdAt = now;
	session.lastUsedAt = now;
	session.expiresAt = now + _settings.sessionAbsoluteLifetime;
	session.ip = context.ip;
	session.userAgent = context.userAgent.substr(0, 512);

	Tokens::IssuedToken refresh = _tokens.issueRefresh(user.id, session.id, session.expiresAt);
	Tokens::IssuedToken access = _tokens.issueAccess(user.id, user.role, session.id);
	Persistence::RefreshTokenRecord token{Core::Digests::sha256Hex(refresh.token), session.id, user.id, refresh.issuedAt, refresh.expiresAt, std::nullopt};
	_database.write([&](Poco::Data::Session& db)
	{
		_sessions.insert(db, session);
		_refreshTokens.insert(db, token);
		if (alsoInTransaction) alsoInTransaction(db);
	});
	TokenPair pair;
	pair.accessToken = access.token;
	pair.refreshToken = refresh.token;
	pair.expiresIn = static_cast<int>(access.expiresAt - access.issuedAt);
	pair.refreshExpiresIn = static_cast<int>(refresh.expiresAt - refresh.issuedAt);
	pair.user = user;
	pair.user.passwordHash.reset();
	return pair;
}


TokenPair AuthenticationService::refresh(const std::string& refreshToken, const RequestContext& context)
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
		pair.user = user;
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


TokenPair AuthenticationService::replayOrReuse(const Persistence::RefreshTokenRecord& record, const std::string& tokenHash, const RequestContext& context)
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
				pair.user = *user;
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


void AuthenticationService::logout(const Principal& principal, const std::optional<std::string>& refreshToken, bool allSessions, const RequestContext& context)
{
	_revocations.blacklistAccessToken(principal.jti, principal.expiresAt);
	if (allSessions)
	{
		_revocations.revokeAllForUser(principal.userId, "logout_all");
	}
	else
	{
		_revocations.revokeSession(principal.sessionId, "logout");
		Tokens::TokenClaims claims;
		if (refreshToken && _tokens.tryVerify(*refreshToken, Tokens::TokenType::Refresh, claims) &&
			claims.userId == principal.userId && claims.sessionId != principal.sessionId)
		{
			_revocations.revokeSession(claims.sessionId, "logout");
		}
	}
	_audit.record("logout", principal.userId, context, allSessions ? "all_sessions" : "");
}


Principal AuthenticationService::authenticate(const std::string& accessToken)
{
	Tokens::TokenClaims claims = _tokens.verify(accessToken, Tokens::TokenType::Access);
	if (_revocations.isAccessTokenBlacklisted(claims.jti) || !_revocations.isSessionLive(claims.sessionId, claims.userId))
		throw AuthException(Problem::InvalidToken, "The token has been revoked.");
	std::optional<User> user = _directory.get(claims.userId);
	if (!user || !user->isActive)
		throw AuthException(Problem::InvalidToken, "The account is not active.");
	Principal principal;
	principal.userId = claims.userId;
	principal.sessionId = claims.sessionId;
	principal.jti = claims.jti;
	principal.role = user->role;
	principal.expiresAt = claims.expiresAt;
	principal.user = std::move(*user);
	return principal;
}


} } // namespace AuthServer::Identity
