//
// RegistrationService.h
//
// Registration, email verification by link or code, and resend.
//


#ifndef AuthServer_Identity_RegistrationService_INCLUDED
#define AuthServer_Identity_RegistrationService_INCLUDED


#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/DeferredWork.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/UserStore.h"
#include <functional>


namespace AuthServer {
namespace Identity {


struct Registration;


class RegistrationService
	/// Creates accounts and proves their email addresses. The verification
	/// mail carries a link token (256 bits, stored as SHA-256) and a
	/// 6-digit code (stored salted and hashed), valid
	/// verification.lifetime seconds, single use; a resend supersedes
	/// both. A code allows at most 5 wrong tries (the OTP rule of API.md),
	/// then it is dead. Throws Core::AuthException / ValidationException for
	/// client errors, Poco::Data::DataException when the database fails.
{
public:
	using AlsoInTransaction = std::function<void(Poco::Data::Session&, const Persistence::User&)>;
		/// Further writes of a registration (e.g. the username and pending
		/// activation of the compatibility profiles): runs on the write
		/// transaction that inserts the user, with the user as stored (id
		/// set); what it throws rolls the whole unit back.

	RegistrationService(Persistence::Database& database, Persistence::UserStore& users, Persistence::OneTimeTokenStore& oneTimeTokens,
		PasswordService& passwords, const PhoneNumbers& phones, Mail::Mailer& mailer, AuditLog& audit, OtpService& otp,
		RateLimiter& limiter, const IdentitySettings& settings, DeferredWork& deferred, IdentifierClaims& claims);

	Account registerUser(const Registration& registration, const RequestContext& context, const AlsoInTransaction& alsoInTransaction = nullptr);
		/// Validates (validation_error with every bad field, control or
		/// bidirectional characters in full_name or company_name included,
		/// then password_mismatch, then weak_password), refuses an email or
		/// phone another account has proven (409 conflict; one only claimed
		/// elsewhere reserves nothing), stores the account with its email
		/// and phone as pending claims (password as Argon2id) and mails the
		/// verification link and code. A mail failure is
		/// logged, never fails the registration. With
		/// auth.preventEnumeration a taken email is not refused: the answer
		/// is a user like a new one (a fresh id, nothing stored) and the
		/// owner is mailed the registration_attempt notice (OWASP ASVS 2.2,
		/// API.md); a taken phone is not refused either (issue 17 finding
		/// 7): it stays an unproven claim of the new account and the
		/// number's owner gets the audit event register.
		/// With registration.activationByCode (the otp-activation
		/// profile) the account is stored inactive and mailed an
		/// OtpService code (purpose "verify") instead of the link.
		/// alsoInTransaction (when set) runs in the unit that inserts the
		/// user, so the user and its further rows are stored together or
		/// not at all (a crash in between leaves no half-written account);
		/// what it throws is rethrown, nothing stored, nothing mailed. It
		/// does not run when nothing is stored (auth.preventEnumeration).

	Account registerSupplier(Registration registration, const std::optional<std::string>& requestedRole, const RequestContext& context);
		/// POST /api/auth/register/supplier (API.md): registerUser() with
		/// role "supplier" and company_name required. requestedRole is the
		/// body's role as sent (none when absent or null); any other value
		/// than "supplier" is 400 validation_error on role ("This endpoint
		/// registers suppliers only."), before any other check.

	Account verify(const std::string& token, const std::string& email, const std::string& code, const RequestContext& context,
		std::optional<Poco::Int64> sessionUserId = std::nullopt);
		/// POST /api/auth/verify-email (API.md): verifyByToken() when token
		/// is not empty, else verifyByCode() with email and code.

	Account verifyByToken(const std::string& token, const RequestContext& context, std::optional<Poco::Int64> sessionUserId = std::nullopt);
		/// Proves the email of the token's account (IdentifierClaims: other
		/// claimants lose it, the account's unproven phone goes) and mails
		/// the welcome message (a mail failure is only logged). Throws 400
		/// invalid_token for an unknown, used, superseded or expired token.
		/// sessionUserId is the account of the access token the request
		/// carried, if any: when it is the token's account, the prover
		/// keeps the proven phone (IdentifierClaims::Proof::InSession).

	Account verifyByCode(const std::string& email, const std::string& code, const RequestContext& context,
		std::optional<Poco::Int64> sessionUserId = std::nullopt);
		/// As verifyByToken with the 6-digit code of the latest mail to
		/// email (to any account that claims it; a wrong code counts
		/// against each). Unknown email, wrong, used or expired code: 400
		/// invalid_token alike.

	void resendVerification(const std::string& email, const RequestContext& context);
		/// Mails a new link and code if email belongs to an unverified
		/// account and otp.maxSendsPerHour allows (every verification mail
		/// counts, API.md: the hourly cap bounds resends); does nothing
		/// otherwise (the caller answers 202 either way). Throws
		/// validation_error for a missing email and rate_limited (429) past
		/// rateLimit.resendVerification.perAccount (known or not, alike).
		/// The lookup and the mail run on DeferredWork, so known and
		/// unknown addresses take equally long (issue 17 finding 5).

	static constexpr int MAX_CODE_ATTEMPTS = 5;

	void sendVerification(const Persistence::User& user);
		/// Mails a new verification link and code to user.email (within
		/// otp.maxSendsPerHour); a failed send is logged, never thrown.

private:
	Account answerTakenEmail(const Persistence::User& owner, Persistence::User& answer, const RequestContext& context);
		/// Fills answer.id from a placeholder row inserted and deleted at
		/// once (so ids stay consecutive for an observer), mails owner the
		/// registration_attempt notice (counted against otp.maxSendsPerHour)
		/// and returns answer's account view.

	Account consumeAndVerify(const Persistence::OneTimeToken& token, const RequestContext& context, std::optional<Poco::Int64> sessionUserId);

	Persistence::Database& _database;
	Persistence::UserStore& _users;
	IdentifierClaims& _claims;
	Persistence::OneTimeTokenStore& _oneTimeTokens;
	PasswordService& _passwords;
	const PhoneNumbers& _phones;
	Mail::Mailer& _mailer;
	AuditLog& _audit;
	OtpService& _otp;
	RateLimiter& _limiter;
	const IdentitySettings& _settings;
	DeferredWork& _deferred;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_RegistrationService_INCLUDED
