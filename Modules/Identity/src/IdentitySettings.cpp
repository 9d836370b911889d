//
// IdentitySettings.cpp
//


#include "AuthServer/Identity/IdentitySettings.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/Environment.h"


namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Identity {


IdentitySettings IdentitySettings::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
	Core::ConfigReader r(config);
	IdentitySettings s;
	s.requireEmailVerification = r.getBool(Keys::AUTH_REQUIRE_EMAIL_VERIFICATION, true);
	s.preventEnumeration = r.getBool(Keys::AUTH_PREVENT_ENUMERATION, false);
	s.adminRequireOtp = r.getBool(Keys::AUTH_ADMIN_REQUIRE_OTP, config.getString(Keys::APP_PROFILE, "embedded") == "production");
	s.verificationLifetime = r.getInt(Keys::VERIFICATION_LIFETIME, 86400, 60, 30 * 86400);
	s.refreshReuseInterval = r.getInt(Keys::JWT_REFRESH_REUSE_INTERVAL, 10, 0, 300);
	s.sessionAbsoluteLifetime = r.getInt(Keys::SESSION_ABSOLUTE_LIFETIME, 2592000, 1, 365 * 86400);
	int refreshLifetime = r.getInt(Keys::JWT_REFRESH_TOKEN_LIFETIME, 604800, 60, 31536000);
	s.sessionIdleTimeout = r.getInt(Keys::SESSION_IDLE_TIMEOUT, refreshLifetime, 1, 365 * 86400);
	s.passwordMinLength = r.getInt(Keys::PASSWORD_MIN_LENGTH, 8, 8, 128);
	s.passwordMaxLength = r.getInt(Keys::PASSWORD_MAX_LENGTH, 128, 64, 4096);
	if (s.passwordMinLength > s.passwordMaxLength)
		throw Core::ConfigurationException(Keys::PASSWORD_MIN_LENGTH, "must not exceed password.maxLength");
	s.argon2MemoryKiB = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_MEMORY_KIB, 19456, 1024, 4 * 1024 * 1024));
	s.argon2Iterations = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_ITERATIONS, 2, 1, 100));
	s.argon2Parallelism = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_PARALLELISM, 1, 1, 64));
	int cores = static_cast<int>(Poco::Environment::processorCount());
	s.hashThreads = static_cast<unsigned>(r.getInt(Keys::PASSWORD_HASH_THREADS, cores > 0 ? cores : 1, 1, 256));
	s.hashQueue = static_cast<unsigned>(r.getInt(Keys::PASSWORD_HASH_QUEUE, 32, 1, 100000));
	s.otpLength = r.getInt(Keys::OTP_LENGTH, 6, 6, 10);
	s.otpLifetime = r.getInt(Keys::OTP_LIFETIME, 600, 1, 3600);
	s.otpMaxAttempts = r.getInt(Keys::OTP_MAX_ATTEMPTS, 5, 1, 10);
	s.otpResendInterval = r.getInt(Keys::OTP_RESEND_INTERVAL, 60, 1, 3600);
	s.otpMaxSendsPerHour = r.getInt(Keys::OTP_MAX_SENDS_PER_HOUR, 5, 1, 1000);
	s.passwordResetLifetime = r.getInt(Keys::PASSWORD_RESET_LIFETIME, 3600, 1, 86400);
	s.appName = r.getString(Keys::APP_NAME, "AuthServer");
	std::string publicUrl = r.getString(Keys::APP_PUBLIC_URL, "http://127.0.0.1:8000");
	s.frontendUrl = r.getString(Keys::APP_FRONTEND_URL, publicUrl);
	if (s.frontendUrl.empty()) s.frontendUrl = publicUrl;
	while (!s.frontendUrl.empty() && s.frontendUrl.back() == '/') s.frontendUrl.pop_back();
	if (s.frontendUrl.compare(0, 7, "http://") != 0 && s.frontendUrl.compare(0, 8, "https://") != 0)
		throw Core::ConfigurationException(Keys::APP_FRONTEND_URL, "must be an http(s) URL");
	s.commonPasswordsFile = r.getRequiredString(Keys::PATHS_COMMON_PASSWORDS);
	s.phoneDefaultRegion = r.getString(Keys::PHONE_DEFAULT_REGION);
	s.rateLimits = RateLimitSettings::fromConfig(config);
	return s;
}


} } // namespace AuthServer::Identity
