//
// PasswordResetService.h
//
// Forgotten password: a mailed single-use link, then a new password.
//


#ifndef AuthServer_Identity_PasswordResetService_INCLUDED
#define AuthServer_Identity_PasswordResetService_INCLUDED


#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/DeferredWork.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/UserStore.h"


namespace AuthServer {
namespace Identity {


class PasswordResetService
	/// Password reset by email (OWASP Forgot Password Cheat Sheet, ASVS
	/// 2.5): the link carries a 256-bit token (base64url) stored only as its
	/// SHA-256 in one_time_tokens (purpose "password_reset"), valid
	/// passwordReset.lifetime seconds, single use; a new request supersedes
	/// the older links. Throws Core::AuthException / ValidationException for
	/// client errors, Poco::Data::DataException when the database fails.
{
public:
	PasswordResetService(Persistence::UserStore& users, UserDirectory& directory, Persistence::OneTimeTokenStore& oneTimeTokens,
		PasswordService& passwords, RevocationList& revocations, OtpService& otp, RateLimiter& limiter, Mail::Mailer& mailer,
		AuditLog& audit, const IdentitySettings& settings, DeferredWork& deferred, IdentifierClaims& claims);

	void forgot(const std::string& email, const RequestContext& context);
		/// Mails `{app.frontendUrl}/reset-password?token=...` if email
		/// belongs to an active account and the hourly cap
		/// (otp.maxSendsPerHour) allows; does nothing otherwise (the caller
		/// answers 202 either way, API.md). Throws validation_error for a
		/// missing email and rate_limited (429) past
		/// rateLimit.passwordForgot.perAccount (known or not, alike). The
		/// lookup, the token insert and the mail run on DeferredWork, so
		/// known and unknown addresses take equally long (issue 17
		/// finding 5).

	Account reset(const std::string& token, const std::string& newPassword, const std::string& newPasswordConfirm, const RequestContext& context);
		/// Checks the fields (validation_error), the token (400
		/// invalid_token: unknown, used, superseded, expired), new ==
		/// confirm (password_mismatch) and the policy (weak_password); a
		/// refused reset leaves the token usable. Then consumes the token
		/// (one concurrent reset wins), stores the new Argon2id hash, marks
		/// the email verified (the link proved it), revokes every session of
		/// the user (ASVS 3.3.3), records password_reset and mails the
		/// "password changed" notice (ASVS 2.2.3). Returns the user.

	static constexpr const char* PURPOSE = "password_reset";

private:
	Persistence::UserStore& _users;
	IdentifierClaims& _claims;
	UserDirectory& _directory;
	Persistence::OneTimeTokenStore& _oneTimeTokens;
	PasswordService& _passwords;
	RevocationList& _revocations;
	OtpService& _otp;
	RateLimiter& _limiter;
	Mail::Mailer& _mailer;
	AuditLog& _audit;
	const IdentitySettings& _settings;
	DeferredWork& _deferred;

	void sendLink(const std::string& email);
		/// The deferred part of forgot(): mails the link if email belongs
		/// to an active account and the hourly cap allows.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordResetService_INCLUDED
