//
// SecondFactorService.h
//
// Authenticator apps (TOTP), recovery codes and the second step of a login.
//


#ifndef AuthServer_SecondFactor_SecondFactorService_INCLUDED
#define AuthServer_SecondFactor_SecondFactorService_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/SecondFactorGate.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/SecondFactor/RecoveryCodeStore.h"
#include "AuthServer/SecondFactor/TotpStore.h"
#include "AuthServer/SecondFactor/WebAuthnService.h"
#include "Poco/JSON/Object.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


class SecondFactorService: public Identity::SecondFactorGate
	/// The rules of API.md "Second factors" for authenticator apps. Every
	/// method throws Core::AuthException for a client-visible failure:
	/// validation_error (missing field), invalid_otp (wrong or replayed
	/// code), otp_expired (dead login challenge), not_found (no
	/// authenticator app where one is needed), conflict (one is on already),
	/// service_unavailable (no mfa.encryptionKey); Poco::Data::DataException
	/// when the database fails.
	///
	/// Secrets are 20 random bytes (RFC 4226 §4: 160 bits), kept sealed with
	/// AES-256-GCM (Delivery::PayloadCipher; OWASP ASVS 2.8.3). A code is
	/// accepted for at most one step after the last accepted one (TotpStore::
	/// acceptStep), so a code is never accepted twice (ASVS 2.8.4); a right
	/// code of a step already accepted is refused, audited
	/// (totp_reuse_detected) and the owner mailed a notice, once per step
	/// (template totp_reused; ASVS 2.8.5). Recovery
	/// codes are 10 random codes of 16 symbols of a 30-symbol alphabet (78
	/// bits), each stored as a SHA-256 digest with a random 128-bit salt of
	/// its own (ASVS 2.6.2) and spent once (ASVS 2.6.1).
{
public:
	struct Setup
	{
		std::string secret;      /// base32 (RFC 4648 §6), unpadded
		std::string otpauthUrl;  /// otpauth://totp/<issuer>:<account>?secret=...&issuer=...
		std::string qrSvg;       /// the QR code of otpauthUrl as an <svg> document
	};

	static constexpr int CHALLENGE_LIFETIME = 300;    /// seconds a login challenge lives
	static constexpr int CHALLENGE_MAX_ANSWERS = 5;   /// wrong answers that end a challenge
	static constexpr int RECOVERY_CODE_COUNT = 10;

	SecondFactorService(TotpStore& totp, RecoveryCodeStore& recoveryCodes, const Delivery::PayloadCipher* pCipher,
		Persistence::UserStore& users, Identity::PasswordService& passwords, Identity::AuthenticationService& authentication,
		Identity::RateLimiter& limiter, Cache::Cache& cache, Identity::AuditLog& audit, Mail::Mailer& mailer, const std::string& issuer);
		/// pCipher: null when no mfa.encryptionKey is configured (every
		/// TOTP operation then throws service_unavailable).

	Setup setupTotp(const Identity::Principal& principal, const Identity::RequestContext& context);
		/// POST /api/auth/mfa/totp/setup: a new secret, pending until
		/// confirmTotp (a new set-up replaces an unconfirmed one). Throws
		/// conflict when the user's authenticator app is already on.

	std::vector<std::string> confirmTotp(const Identity::Principal& principal, const std::string& code, const Identity::RequestContext& context);
		/// POST /api/auth/mfa/totp/confirm: checks code against the pending
		/// secret, turns the factor on and returns 10 new recovery codes
		/// (shown once); audit mfa_enabled. Throws not_found without a
		/// pending set-up, conflict when already on, invalid_otp.

	void disableTotp(const Identity::Principal& principal, const std::string& password, const std::string& code, const Identity::RequestContext& context);
		/// DELETE /api/auth/mfa/totp: with the current password or a
		/// current code (code wins when both are given), removes the
		/// secret and the recovery codes, records mfa_disabled and mails a
		/// notice. Throws validation_error (neither given; wrong password,
		/// field "password"), invalid_otp, not_found when it is off.

	std::vector<std::string> regenerateRecoveryCodes(const Identity::Principal& principal, const std::string& code, const Identity::RequestContext& context);
		/// POST /api/auth/mfa/recovery-codes: with a current code, replaces
		/// the recovery codes by 10 new ones (the old set dies); audit
		/// recovery_codes_regenerated. Throws not_found when TOTP is off,
		/// invalid_otp, validation_error.

	void resetByAdmin(Poco::Int64 userId, const Identity::Principal& admin, const Identity::RequestContext& context);
		/// DELETE /api/admin/users/{id}/mfa: removes the user's second
		/// factors; audit mfa_reset_by_admin. Throws not_found for an
		/// unknown user.

	void setWebAuthn(WebAuthnService* pWebAuthn);
		/// Passkeys count as a second factor once set (null: not).

	WebAuthnService& webAuthn();
		/// Throws service_unavailable when no WebAuthnService is set.

	std::optional<Challenge> challenge(const Persistence::User& user, const Identity::RequestContext& context) override;
		/// Returns a login challenge (token: 32 random bytes, base64url;
		/// kept hashed in the cache for CHALLENGE_LIFETIME) with methods
		/// "totp" and, while unused recovery codes remain, "recovery_code",
		/// when the user's authenticator app is on, and "webauthn" with the
		/// request options of an assertion (its challenge kept with the
		/// login challenge) when the user has passkeys.

	Identity::TokenPair completeLogin(const std::string& challenge, const std::string& method, const std::string& code,
		const Identity::RequestContext& context, const Poco::JSON::Object::Ptr& credential = nullptr);
		/// POST /api/auth/login/mfa: checks code by method ("totp" or
		/// "recovery_code"; a recovery code is spent, audit
		/// recovery_code_used) or credential (method "webauthn": an
		/// AuthenticationResponseJSON over the challenge's options, user
		/// presence required; a failure answers invalid_credential) and
		/// starts the session as a two-factor login
		/// (AuthenticationService::finishLogin, which satisfies
		/// auth.adminRequireOtp). Every answer counts: the
		/// CHALLENGE_MAX_ANSWERS-th wrong one ends the challenge (NIST SP
		/// 800-63B §5.2.2). Wrong answers also count as failed logins of the
		/// account's email (RateLimiter::recordFailure), so guessing across
		/// challenges meets the login lockout; a right one is the login's
		/// success (recordSuccess). Throws validation_error, invalid_otp,
		/// otp_expired (unknown, expired or ended challenge),
		/// account_locked (423), account_inactive.

	bool isTotpEnabled(Poco::Int64 userId);
		/// Returns whether the user's authenticator app is on.

	static std::string recoveryCodeDigest(const std::string& salt, const std::string& code);
		/// Returns the stored form of a recovery code: SHA-256 hex of salt
		/// and the code with dashes and spaces removed, lower case.

private:
	const Delivery::PayloadCipher& cipher() const;
	std::string secretOf(const TotpFactor& factor) const;
	bool checkCode(const TotpFactor& factor, const std::string& code, const Identity::RequestContext& context);
	void noticeReuse(Poco::Int64 userId, Poco::Int64 step, const Identity::RequestContext& context);
	std::vector<std::string> newRecoveryCodes(Poco::Int64 userId);
	bool spendRecoveryCode(Poco::Int64 userId, const std::string& code);
	TotpFactor confirmedFactor(Poco::Int64 userId);
	static std::string challengeKey(const std::string& challenge);

	TotpStore& _totp;
	RecoveryCodeStore& _recoveryCodes;
	const Delivery::PayloadCipher* _pCipher;
	Persistence::UserStore& _users;
	Identity::PasswordService& _passwords;
	Identity::AuthenticationService& _authentication;
	Identity::RateLimiter& _limiter;
	Cache::Cache& _cache;
	Identity::AuditLog& _audit;
	Mail::Mailer& _mailer;
	std::string _issuer;
	WebAuthnService* _pWebAuthn = nullptr;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_SecondFactorService_INCLUDED
