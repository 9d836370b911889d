//
// OtpService.h
//
// One-time codes sent by email or SMS: issue, check, cooldown, hourly cap.
//


#ifndef AuthServer_Identity_OtpService_INCLUDED
#define AuthServer_Identity_OtpService_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Identity/Account.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/DeferredWork.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/Sms/SmsTransport.h"
#include <atomic>
#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


class OtpService
	/// One-time codes (API.md "Codes, cooldowns and limits"; NIST SP
	/// 800-63B §5.1.3 out-of-band authenticators, OWASP ASVS 2.7):
	///   - otp.length (6) decimal digits from the CSPRNG (Core::SecureRandom);
	///   - stored only in the cache, as SHA-256(salt + code) with a TTL, under
	///     a key derived from (purpose, channel, destination) or from a login
	///     challenge; a new code for the same key replaces the old one;
	///   - valid otp.lifetime seconds (600), then otp_expired;
	///   - at most otp.maxAttempts (5) tries per code; the try that reaches
	///     the limit with a wrong code, and every later try, answers 429
	///     otp_attempts_exceeded (the code is dead);
	///   - single use: a correct code is consumed by Cache::remove, which
	///     exactly one concurrent caller wins;
	///   - resend cooldown otp.resendInterval per destination and purpose for
	///     request() (login challenges are exempt);
	///   - at most otp.maxSendsPerHour codes or links per destination per
	///     hour, whoever asks: extra sends are dropped, logged and counted.
	/// Channels are "email" (lower-case address) and "sms" (E.164 number).
	/// Sending failures are logged, never thrown to the caller. Methods throw
	/// Core::AuthException / ValidationException for client errors and
	/// Poco::Exception when the cache or database fails.
{
public:
	OtpService(Persistence::UserStore& users, UserDirectory& directory, const PhoneNumbers& phones, Cache::Cache& cache,
		Mail::Mailer& mailer, Sms::SmsTransport& sms, AuditLog& audit, RateLimiter& limiter, const IdentitySettings& settings,
		DeferredWork& deferred, IdentifierClaims& claims);

	void checkRequestRate(const std::string& destination);
		/// Counts one code request for destination (normalised email or
		/// E.164 number, known or not) against rateLimit.otpRequest.perAccount;
		/// throws AuthException rate_limited (429) past it (OWASP ASVS 2.2.1).

	std::string normalizeDestination(const std::string& channel, const std::string& destination) const;
		/// Returns the destination in canonical form: a lower-case email
		/// address for "email", E.164 for "sms". Throws validation_error
		/// (channel not email/sms, missing or malformed address) or
		/// invalid_phone_number.

	void request(const std::string& channel, const std::string& destination, const std::string& purpose, const RequestContext& context);
		/// POST /api/auth/otp/request. purpose "login": sends a code if an
		/// active account has proven that email or phone; "verify": if
		/// an active account has that email or phone unverified. Nothing is
		/// sent during the cooldown or over the hourly cap, or when no
		/// account matches; the caller answers 202 in every case. Throws
		/// validation_error for a bad channel, purpose or destination.
		/// After the checks and the rate limit, everything that depends on
		/// the account (lookup, code, send) runs on DeferredWork, so the
		/// answer takes as long for an unknown destination as for a known
		/// one (issue 17 finding 5).

	void sendLater(const std::string& channel, const std::string& destination, const std::string& purpose, bool toProven, const RequestContext& context);
		/// Posts to DeferredWork (so the caller's answer takes as long for an
		/// unknown destination as for a known one; issue 17 finding 5) the
		/// lookup of the active account holding destination (normalised
		/// email or E.164 number) and send() of a purpose code to it, with
		/// the resend cooldown. toProven: only when that account has proven
		/// destination (login codes; an unproven claim never opens an
		/// account, OWASP ASVS 2.5 / issue 17 finding 1); else only when it
		/// holds destination unproven (verify codes). Throws nothing; an
		/// unknown destination sends nothing.

	static void checkPurpose(const std::string& purpose);
		/// Throws Core::ValidationException on purpose ("This field is
		/// required." when empty, else "Must be \"login\" or \"verify\".")
		/// unless purpose is "login" or "verify" (API.md, otp/request and
		/// otp/verify).

	Account verifyDestination(const std::string& channel, const std::string& destination, const std::string& code, const RequestContext& context,
		std::optional<Poco::Int64> sessionUserId = std::nullopt);
		/// POST /api/auth/otp/verify with purpose "verify": checks the code
		/// (as check()) and proves that email or phone on the account the
		/// code was sent for (IdentifierClaims: taken from every other
		/// claimant; sessionUserId as RegistrationService::verifyByToken);
		/// returns the account. Throws invalid_otp, otp_expired, otp_attempts_exceeded.

	Persistence::User checkLogin(const std::string& channel, const std::string& destination, const std::string& code, const RequestContext& context);
		/// POST /api/auth/otp/verify with purpose "login": checks the code
		/// and returns its active account (the caller starts the session),
		/// only when the address is proven on that account (an unproven
		/// claim never opens an account, issue 17 finding 1). Throws as
		/// check(), account_inactive.

	bool send(const std::string& channel, const std::string& destination, const std::string& purpose,
		std::optional<Poco::Int64> userId, bool applyCooldown, const RequestContext& context);
		/// The building block for every code sent to a destination (also for
		/// phone sign-up and login, issue 4): issues a new code for
		/// (purpose, channel, destination), remembering userId, and sends it.
		/// Returns false without sending during the cooldown (when
		/// applyCooldown) or over the hourly cap.

	std::optional<Poco::Int64> check(const std::string& channel, const std::string& destination, const std::string& purpose,
		const std::string& code, const RequestContext& context);
		/// Consumes the code of (purpose, channel, destination) and returns
		/// the user id remembered by send(), if any. Throws invalid_otp (no
		/// code, wrong code, used), otp_expired, otp_attempts_exceeded.

	std::string startLoginChallenge(const Persistence::User& user, const RequestContext& context);
		/// Sends a login code to the user's otp_channel (email, or the
		/// verified phone for sms) without cooldown (API.md: a challenge
		/// right after a correct password is exempt; the hourly cap still
		/// holds) and returns the opaque challenge (256 random bits,
		/// base64url), valid otp.lifetime seconds.

	Poco::Int64 completeLoginChallenge(const std::string& challenge, const std::string& code, const RequestContext& context);
		/// Consumes the challenge's code and returns its user id. Throws
		/// invalid_otp (unknown challenge, wrong code), otp_expired,
		/// otp_attempts_exceeded, validation_error for missing fields.

	bool allowSend(const std::string& channel, const std::string& destination);
		/// Counts one code or link to destination against
		/// otp.maxSendsPerHour; returns false (and logs and counts the drop)
		/// when over the cap. Used by the password reset mail too.

	Poco::UInt64 droppedSends() const;
		/// Returns how many sends the hourly cap dropped since start.

private:
	std::string issue(const std::string& key, const std::string& channel, const std::string& destination,
		std::optional<Poco::Int64> userId, const std::string& purpose, const RequestContext& context);
	std::optional<Poco::Int64> consume(const std::string& key, const std::string& code, const RequestContext& context);
	void deliver(const std::string& channel, const std::string& destination, const std::string& code, const std::string& purpose, std::optional<Poco::Int64> userId);
	static std::string codeKey(const std::string& purpose, const std::string& channel, const std::string& destination);
	static std::string challengeKey(const std::string& challenge);

	Persistence::UserStore& _users;
	IdentifierClaims& _claims;
	UserDirectory& _directory;
	const PhoneNumbers& _phones;
	Cache::Cache& _cache;
	Mail::Mailer& _mailer;
	Sms::SmsTransport& _sms;
	AuditLog& _audit;
	RateLimiter& _limiter;
	const IdentitySettings& _settings;
	DeferredWork& _deferred;
	std::atomic<Poco::UInt64> _dropped{0};
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_OtpService_INCLUDED
