//
// AuthenticationService.cpp
//


#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


AuthenticationService::AuthenticationService(Persistence::Database& database, Persistence::UserStore& users, UserDirectory& directory,
	SessionService& sessions, RevocationList& revocations, Tokens::TokenService& tokens, PasswordService& passwords, AuditLog& audit,
	OtpService& otp, RateLimiter& limiter, const IdentitySettings& settings):
	_database(database),
	_users(users),
	_directory(directory),
	_sessions(sessions),
	_revocations(revocations),
	_tokens(tokens),
	_passwords(passwords),
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
	// Only a rehash joins the login's writes (on PostgreSQL a login without
	// one is a single statement).
	std::function<void(Poco::Data::Session&)> rehash;
	if (upgraded) rehash = [&](Poco::Data::Session& db) { rehashed = writeUpgrade(db, *user, *upgraded, context); };
	outcome.tokens = finishLogin(*user, context, false, rehash);
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
	// write transaction per login, and no login without its record. On
	// PostgreSQL, without other writes to join, they are one statement
	// (one round trip instead of six).
	std::optional<TokenPair> started;
	if (!alsoInTransaction && _sessions.startsLoginInOneStatement())
	{
		started = _sessions.startLogin(user, context, now);
		if (!started) throw invalidCredentials(); // deleted since its password was checked
	}
	else started = _sessions.start(user, context, [&](Poco::Data::Session& db)
	{
		_users.recordLogin(db, user.id, now, context.ip);
		_audit.recordIn(db, "login_succeeded", user.id, context);
		if (alsoInTransaction) alsoInTransaction(db);
	});
	TokenPair& pair = *started;
	_directory.invalidate(user.id);
	pair.user.lastLoginAt = now;
	pair.user.lastLoginIp = context.ip;
	_audit.logCommitted("login_succeeded", user.id, context);
	return pair;
}


TokenPair AuthenticationService::startSession(const User& user, const RequestContext& context)
{
	return _sessions.start(user, context);
}


TokenPair AuthenticationService::startSession(const User& user, const RequestContext& context, const std::function<void(Poco::Data::Session&)>& alsoInTransaction)
{
	return _sessions.start(user, context, alsoInTransaction);
}


TokenPair AuthenticationService::refresh(const std::string& refreshToken, const RequestContext& context)
{
	return _sessions.rotate(refreshToken, context);
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
	return _sessions.authenticate(accessToken);
}


} } // namespace AuthServer::Identity
