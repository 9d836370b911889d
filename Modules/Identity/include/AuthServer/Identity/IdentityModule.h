//
// IdentityModule.h
//
// Wires the identity stores and services together.
//


#ifndef AuthServer_Identity_IdentityModule_INCLUDED
#define AuthServer_Identity_IdentityModule_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Identity/AccountService.h"
#include "AuthServer/Identity/AdminService.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/PasswordResetService.h"
#include "AuthServer/Identity/DeferredWork.h"
#include "AuthServer/Identity/PasswordPolicy.h"
#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Identity/PhoneAuthService.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Cache/FallbackCache.h"
#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Identity/RegistrationService.h"
#include "AuthServer/Identity/RevocationList.h"
#include "AuthServer/Identity/SessionService.h"
#include "AuthServer/Identity/UserDirectory.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/AuditStore.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/OneTimeTokenStore.h"
#include "AuthServer/Persistence/RefreshTokenStore.h"
#include "AuthServer/Persistence/SessionStore.h"
#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/Sms/SmsTransport.h"
#include "AuthServer/Tokens/TokenService.h"


namespace AuthServer {
namespace Identity {


class IdentityModule
	/// Owns one instance of every identity store and service, built over
	/// the database, cache, token service, mailer and SMS transport of the
	/// subsystems.
	/// The HTTP layer and the tests reach the services through it.
{
public:
	IdentityModule(Persistence::Database& database, Cache::Cache& cache, Tokens::TokenService& tokens, Mail::Mailer& mailer,
		Sms::SmsTransport& sms, const IdentitySettings& settings);
		/// Throws Poco::FileNotFoundException for a missing common-password
		/// list, Poco::InvalidArgumentException for a bad phone region.

	~IdentityModule();
		/// Runs the deferred jobs still queued, then destroys the services.

	AuthenticationService& authentication();
	RegistrationService& registration();
	AccountService& accounts();
	PasswordService& passwords();
	OtpService& otp();
	PasswordResetService& passwordReset();
	SessionService& sessions();
	AdminService& admin();
	PhoneAuthService& phone();
	const IdentitySettings& settings() const;
	Persistence::UserStore& users();
	UserDirectory& directory();
		/// Users by id through the cache; invalidate(id) after a change
		/// written around the services (compatibility profiles' activation).
	RateLimiter& rateLimiter();
	AuditLog& audit();
	DeferredWork& deferredWork();
		/// The worker of the account-dependent part of password/forgot,
		/// resend-verification and otp/request (drain() for tests).
		/// Per-IP/per-account throttling and lockout; clearLockout(email)
		/// is for the password reset.
	const Cache::FallbackCache& rateLimitCache() const;
		/// The cache the rate limiter counts in: the shared cache, or this
		/// instance's memory while the shared one is down (never fail open).

private:
	IdentitySettings _settings;
	Persistence::UserStore _userStore;
	Persistence::SessionStore _sessionStore;
	Persistence::RefreshTokenStore _refreshTokenStore;
	Persistence::OneTimeTokenStore _oneTimeTokenStore;
	Persistence::AuditStore _auditStore;
	PasswordPolicy _policy;
	PasswordService _passwords;
	PhoneNumbers _phones;
	UserDirectory _directory;
	RevocationList _revocations;
	AuditLog _audit;
	Cache::FallbackCache _rateLimitCache;
	RateLimiter _rateLimiter;
	DeferredWork _deferred;
	IdentifierClaims _claims;
	OtpService _otp;
	SessionService _sessions;
	AuthenticationService _authentication;
	RegistrationService _registration;
	AccountService _accounts;
	PasswordResetService _passwordReset;
	AdminService _admin;
	PhoneAuthService _phone;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_IdentityModule_INCLUDED
