//
// IdentitySettings.h
//
// The configuration the identity services run with.
//


#ifndef AuthServer_Identity_IdentitySettings_INCLUDED
#define AuthServer_Identity_IdentitySettings_INCLUDED


#include "AuthServer/Identity/RateLimiter.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <string>


namespace AuthServer {
namespace Identity {


struct IdentitySettings
	/// Values of the auth.*, session.*, verification.*, password.*, otp.*,
	/// passwordReset.*, app.name and app.frontendUrl keys (CONFIG.md).
	/// Durations are seconds.
{
	bool requireEmailVerification = true;
	bool preventEnumeration = false;
		/// auth.preventEnumeration (OWASP ASVS 2.2 / 3.x, API.md): a taken
		/// email registers "like a new one" (201, the owner is mailed) and a
		/// login to an unverified account answers invalid_credentials.
	bool adminRequireOtp = false;
		/// auth.adminRequireOtp (OWASP ASVS 4.3.1, 2.2.2; default true when
		/// app.profile=production): an administrator's password login always
		/// answers an OTP challenge, and a one-factor login (an OTP or SMS code
		/// alone) of an administrator is refused with 403 forbidden.
	int verificationLifetime = 86400;
	int refreshReuseInterval = 10;
	int sessionAbsoluteLifetime = 2592000;
	int sessionIdleTimeout = 604800;
	int passwordMinLength = 8;
	int passwordMaxLength = 128;
	unsigned argon2MemoryKiB = 19456;
	unsigned argon2Iterations = 2;
	unsigned argon2Parallelism = 1;
	unsigned hashThreads = 2;
	unsigned hashQueue = 32;
	int otpLength = 6;
	int otpLifetime = 600;
	int otpMaxAttempts = 5;
	int otpResendInterval = 60;
	int otpMaxSendsPerHour = 5;
	int passwordResetLifetime = 3600;
	std::string appName = "AuthServer";
	std::string frontendUrl = "http://127.0.0.1:8000";
	std::string commonPasswordsFile;
	std::string phoneDefaultRegion;
	RateLimitSettings rateLimits = RateLimitSettings::defaults();
	bool deferAccountWork = true;
		/// Not a configuration key: false runs the DeferredWork jobs inline
		/// (unit tests that read the mail right after the call).

	static IdentitySettings fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads and validates the keys; throws Core::ConfigurationException
		/// naming the key for a malformed or out-of-range value (e.g.
		/// password.minLength below 8, NIST SP 800-63B §5.1.1.2, or above
		/// password.maxLength).
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_IdentitySettings_INCLUDED
