//
// IdentityModule.cpp
//


#include "AuthServer/Identity/IdentityModule.h"


namespace AuthServer {
namespace Identity {


IdentityModule::IdentityModule(Persistence::Database& database, Cache::Cache& cache, Tokens::TokenService& tokens, Mail::Mailer& mailer,
	Sms::SmsTransport& sms, const IdentitySettings& settings):
	_settings(settings),
	_userStore(database),
	_sessionStore(database),
	_refreshTokenStore(database),
	_oneTimeTokenStore(database),
	_auditStore(database),
	_policy(settings.passwordMinLength, settings.passwordMaxLength, settings.commonPasswordsFile, settings.appName),
	_passwords(PasswordHasher::Cost{settings.argon2MemoryKiB, settings.argon2Iterations, settings.argon2Parallelism}, settings.hashThreads, settings.hashQueue, _policy),
	_phones(settings.phoneDefaultRegion),
	_directory(_userStore, cache, 300),
	_revocations(_sessionStore, cache, tokens.accessLifetime() + 60),
	_audit(_auditStore),
	_rateLimitCache(cache),
	_rateLimiter(_rateLimitCache, _settings.rateLimits),
	_deferred(!_settings.deferAccountWork, 10000, 100),
	_claims(_userStore, _directory, _oneTimeTokenStore, _revocations, _audit),
	_otp(_userStore, _directory, _phones, cache, mailer, sms, _audit, _rateLimiter, _settings, _deferred, _claims),
	_sessions(database, _sessionStore, _refreshTokenStore, _revocations, _directory, tokens, cache, _audit, _settings),
	_authentication(database, _userStore, _directory, _sessions, _revocations, tokens, _passwords, _audit, _otp, _rateLimiter, _settings),
	_registration(database, _userStore, _oneTimeTokenStore, _passwords, _phones, mailer, _audit, _otp, _rateLimiter, _settings, _deferred, _claims),
	_accounts(_userStore, _directory, _revocations, _passwords, _phones, mailer, _audit, _registration, _rateLimiter, _oneTimeTokenStore, _settings),
	_passwordReset(_userStore, _directory, _oneTimeTokenStore, _passwords, _revocations, _otp, _rateLimiter, mailer, _audit, _settings, _deferred, _claims),
	_admin(_userStore, _auditStore, _directory, _revocations, _passwords, _audit, _oneTimeTokenStore),
	_phone(_userStore, _otp, _authentication, _audit, _claims)
{
}


IdentityModule::~IdentityModule()
{
	// The jobs use the services: finish them while the services live.
	_deferred.stop();
}


DeferredWork& IdentityModule::deferredWork()
{
	return _deferred;
}


AuthenticationService& IdentityModule::authentication()
{
	return _authentication;
}


RegistrationService& IdentityModule::registration()
{
	return _registration;
}


AccountService& IdentityModule::accounts()
{
	return _accounts;
}


PasswordService& IdentityModule::passwords()
{
	return _passwords;
}


OtpService& IdentityModule::otp()
{
	return _otp;
}


PasswordResetService& IdentityModule::passwordReset()
{
	return _passwordReset;
}


SessionService& IdentityModule::sessions()
{
	return _sessions;
}


AdminService& IdentityModule::admin()
{
	return _admin;
}


PhoneAuthService& IdentityModule::phone()
{
	return _phone;
}


const IdentitySettings& IdentityModule::settings() const
{
	return _settings;
}


Persistence::UserStore& IdentityModule::users()
{
	return _userStore;
}


UserDirectory& IdentityModule::directory()
{
	return _directory;
}


AuditLog& IdentityModule::audit()
{
	return _audit;
}


const Cache::FallbackCache& IdentityModule::rateLimitCache() const
{
	return _rateLimitCache;
}


RateLimiter& IdentityModule::rateLimiter()
{
	return _rateLimiter;
}


} } // namespace AuthServer::Identity
