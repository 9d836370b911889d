//
// AuthenticationService.h
//
// Login (credentials), logout and access-token authentication.
//


#ifndef AuthServer_Identity_AuthenticationService_INCLUDED
#define AuthServer_Identity_AuthenticationService_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/LoginOutcome.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/SecondFactorGate.h"
#include "AuthServer/Identity/SessionService.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/Tokens/TokenService.h"
#include <functional>
#include <optional>


namespace AuthServer {
namespace Identity {


class AuthenticationService
	/// The login rules: checks credentials (password, one-time codes,
	/// second factor) and hands a proven user to SessionService, which owns
	/// sessions and their refresh tokens (start, rotation, replay, reuse).
	/// Also logout and access-token authentication. Every method throws
	/// Core::AuthException for a client-visible failure and
	/// Poco::Data::DataException when the database fails.
{
public:
	AuthenticationService(Persistence::Database& database, Persistence::UserStore& users, UserDirectory& directory,
		SessionService& sessions, RevocationList& revocations, Tokens::TokenService& tokens, PasswordService& passwords, AuditLog& audit,
		OtpService& otp, RateLimiter& limiter, const IdentitySettings& settings);

	void setSecondFactorGate(SecondFactorGate* pGate);
		/// Sets the gate asked after a first factor is proven (null: none,
		/// every login ends with the first factor). Set once at start-up,
		/// before requests are served.

	LoginOutcome beginLogin(const std::string& email, const std::string& password, const RequestContext& context);
		/// Checks the password (one Argon2id verify whether or not the
		/// account exists). For an account with otp_login_enabled it sends
		/// a code to its otp_channel and returns the challenge (second
		/// factor, NIST SP 800-63B §5.1.3); otherwise it starts a session and
		/// returns tokens. Throws invalid_credentials (unknown email or wrong
		/// password, alike), account_inactive, email_not_verified (when
		/// auth.requireEmailVerification; invalid_credentials instead under
		/// auth.preventEnumeration), or validation_error for a missing
		/// field; rate_limited (429) past rateLimit.login.perAccount (not
		/// applied from an address that logged in to the account before),
		/// account_locked (423) while the email (from an address that has
		/// not logged in to it) or the (email, address) pair is locked after
		/// repeated failures (RateLimiter; OWASP ASVS 2.2.1, NIST SP 800-63B
		/// §5.2.2), for known and unknown emails alike. An account with a
		/// second factor (SecondFactorGate) gets mfaChallenge instead of
		/// tokens or an emailed / texted code.

	TokenPair login(const std::string& email, const std::string& password, const RequestContext& context);
		/// As beginLogin for callers that need tokens at once: throws
		/// invalid_credentials for an account that has login OTP on.

	TokenPair completeOtpLogin(const std::string& challenge, const std::string& code, const RequestContext& context);
		/// POST /api/auth/login/otp: checks the challenge's code
		/// (OtpService::completeLoginChallenge) and starts the session.
		/// Throws invalid_otp, otp_expired, otp_attempts_exceeded,
		/// account_inactive.

	LoginOutcome loginWithOtp(const std::string& channel, const std::string& destination, const std::string& code, const RequestContext& context);
		/// POST /api/auth/otp/verify with purpose "login": checks the code
		/// sent by otp/request (OtpService::checkLogin) and starts the
		/// session (or answers the second-factor challenge, as
		/// finishFirstFactor). Throws as OtpService::checkLogin.

	LoginOutcome finishFirstFactor(const Persistence::User& user, const RequestContext& context);
		/// After a one-time code login (email or SMS) proved the account:
		/// returns a second-factor challenge when the account has one,
		/// otherwise the tokens of finishLogin.

	TokenPair finishLogin(const Persistence::User& user, const RequestContext& context, bool multiFactor = false,
		const std::function<void(Poco::Data::Session&)>& alsoInTransaction = nullptr);
		/// Starts a session for a user whose credentials were proven, sets
		/// last_login_at / last_login_ip and records login_succeeded, all in
		/// one write transaction (issue 14: no login without its record);
		/// on PostgreSQL without alsoInTransaction that transaction is one
		/// statement (SessionService::startLogin). Throws
		/// invalid_credentials, having written nothing, for a user deleted
		/// since its credentials were checked. multiFactor: true when a
		/// password and a one-time code were both proven. alsoInTransaction (when set) writes on that transaction
		/// too (a legacy hash's rehash). Under auth.adminRequireOtp an administrator's one-factor
		/// login throws forbidden (403) and records login_failed
		/// "admin_requires_mfa" (OWASP ASVS 4.3.1).

	TokenPair startSession(const Persistence::User& user, const RequestContext& context);
		/// Creates a session for user (absolute end = now +
		/// session.absoluteLifetime) and returns its first token pair.

	TokenPair startSession(const Persistence::User& user, const RequestContext& context, const std::function<void(Poco::Data::Session&)>& alsoInTransaction);
		/// startSession(), running alsoInTransaction in the session's write
		/// transaction (an exception it throws rolls the session back and
		/// propagates): a legacy token's jti is stored with the session it
		/// opens (Docs/COMPAT.md "Legacy tokens").

	TokenPair refresh(const std::string& refreshToken, const RequestContext& context);
		/// SessionService::rotate(refreshToken). Throws invalid_token (unknown, revoked,
		/// wrong type, session ended by logout, idle timeout or absolute
		/// lifetime, inactive account), token_expired, token_reused.

	void logout(const Principal& principal, const std::optional<std::string>& refreshToken, bool allSessions, const RequestContext& context);
		/// Blacklists the access token's jti until its exp and revokes its
		/// session, plus the session of refreshToken if it is the caller's,
		/// or, with allSessions, every session of the user.

	Principal authenticate(const std::string& accessToken);
		/// SessionService::authenticate(accessToken): returns the caller of a valid access token whose jti and session
		/// are not revoked and whose account is active; throws invalid_token
		/// or token_expired otherwise.

private:
	Core::AuthException invalidCredentials() const;
		/// Returns the 401 invalid_credentials answer; under
		/// auth.preventEnumeration its detail also names an unverified email
		/// (the same answer for both, OWASP ASVS 2.2).

	std::optional<std::string> legacyUpgrade(const Persistence::User& user, const std::string& password);
		/// After a successful password check: when the stored hash is a
		/// legacy one (imported from Django), returns Argon2id of password at
		/// the configured cost (hashed on the pool), else nothing (OWASP
		/// Password Storage Cheat Sheet, upgrading legacy hashes).

	bool writeUpgrade(Poco::Data::Session& db, const Persistence::User& user, const std::string& phc, const RequestContext& context);
		/// Stores phc and the audit row password_rehashed (detail: the old
		/// algorithm) on db, in the caller's transaction, while the stored
		/// hash is still the one checked; returns whether it did.

	void upgradeCommitted(const Persistence::User& user, const RequestContext& context);
		/// After the commit: forgets the cached user and logs the event.

	void storeUpgrade(const Persistence::User& user, const std::string& phc, const RequestContext& context);
		/// writeUpgrade in a transaction of its own (the login goes on to a
		/// second factor or code), then upgradeCommitted.

	Persistence::Database& _database;
	Persistence::UserStore& _users;
	UserDirectory& _directory;
	SessionService& _sessions;
	RevocationList& _revocations;
	Tokens::TokenService& _tokens;
	PasswordService& _passwords;
	AuditLog& _audit;
	OtpService& _otp;
	RateLimiter& _limiter;
	const IdentitySettings& _settings;
	SecondFactorGate* _pGate = nullptr;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_AuthenticationService_INCLUDED
