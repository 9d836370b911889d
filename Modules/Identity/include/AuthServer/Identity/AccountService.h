//
// AccountService.h
//
// The caller's own profile and password.
//


#ifndef AuthServer_Identity_AccountService_INCLUDED
#define AuthServer_Identity_AccountService_INCLUDED


#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/ProfileChanges.h"
#include "AuthServer/Identity/RegistrationService.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/UserStore.h"


namespace AuthServer {
namespace Identity {


class AccountService
	/// Profile updates and password change for an authenticated caller.
	/// Throws Core::AuthException / ValidationException for client errors,
	/// Poco::Data::DataException when the database fails.
{
public:
	AccountService(Persistence::UserStore& users, UserDirectory& directory, RevocationList& revocations, PasswordService& passwords,
		const PhoneNumbers& phones, Mail::Mailer& mailer, AuditLog& audit, RegistrationService& registration,
		RateLimiter& limiter, Persistence::OneTimeTokenStore& oneTimeTokens, const IdentitySettings& settings);

	Account updateProfile(const Principal& principal, const ProfileChanges& changes, const RequestContext& context);
		/// Applies changes after checking every field (API.md text limits:
		/// full_name 1..150 code points without control or bidirectional
		/// characters, bio <= 500, location <= 100 code points; avatar_url
		/// empty or an http(s) URL <= 2048 bytes without spaces, userinfo
		/// or encoded control characters (issue 17 finding 10); birth_date an
		/// ISO 8601 date YYYY-MM-DD in the past; phone_number to E.164;
		/// otp_channel "email" or "sms", sms only with a verified phone;
		/// otp_login_enabled true only with an address for that channel).
		/// Throws validation_error with every bad field, invalid_phone_number,
		/// conflict for a phone another account has proven (not under
		/// auth.preventEnumeration, issue 17 finding 7); a new phone is a
		/// pending claim until proven. Returns the new user.

	Account completeProfile(const Principal& principal, const ProfileChanges& changes, const std::optional<std::string>& email,
		const RequestContext& context);
		/// POST /api/auth/profile/complete (API.md): full_name required,
		/// other fields as updateProfile; email only on an account that has
		/// none (else validation_error on errors.email), must not be proven
		/// by another account (conflict), is a pending claim until proven
		/// and gets a verification mail. Clears
		/// needs_profile_completion. Returns the new user.

	void changePassword(const Principal& principal, const std::string& oldPassword, const std::string& newPassword,
		const std::string& newPasswordConfirm, const RequestContext& context);
		/// Checks old_password (a wrong one is validation_error on
		/// errors.old_password, API.md), new == confirm (password_mismatch)
		/// and the policy (weak_password), stores the new hash, ends every
		/// outstanding reset link (issue 17 finding 8), revokes every other
		/// session of the user at once (OWASP ASVS 3.3.3) and mails a
		/// "password changed" notice (ASVS 2.2.3).
		/// Guessing (issue 17 finding 4; ASVS 2.2.1, NIST SP 800-63B
		/// §5.2.2): the login limits apply. Throws rate_limited (429) past
		/// rateLimit.passwordChange.perAccount (per user id) and
		/// account_locked (423) while the login lockout holds for the
		/// account and the caller's address; a wrong old_password counts as
		/// a failed login there, and the rateLimit.lockout.threshold-th
		/// wrong one through one session ends that session (401
		/// invalid_token), so a stolen access token buys no more guesses
		/// than a login does.

private:
	Persistence::UserStore& _users;
	const IdentitySettings& _settings;
	UserDirectory& _directory;
	RevocationList& _revocations;
	PasswordService& _passwords;
	const PhoneNumbers& _phones;
	Mail::Mailer& _mailer;
	AuditLog& _audit;
	RegistrationService& _registration;
	RateLimiter& _limiter;
	Persistence::OneTimeTokenStore& _oneTimeTokens;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_AccountService_INCLUDED
