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
	s.requireEmailVerification = r.getBool(Keys::AUTH_REQUIRE_EMAIL_VERIFICATION);
	s.preventEnumeration = r.getBool(Keys::AUTH_PREVENT_ENUMERATION);
	s.adminRequireOtp = r.getBool(Keys::AUTH_ADMIN_REQUIRE_OTP, r.getChoice(Keys::APP_PROFILE) == "production");
	s.verificationLifetime = r.getInt(Keys::VERIFICATION_LIFETIME);
	s.refreshReuseInterval = r.getInt(Keys::JWT_REFRESH_REUSE_INTERVAL);
	s.sessionAbsoluteLifetime = r.getInt(Keys::SESSION_ABSOLUTE_LIFETIME);
	int refreshLifetime = r.getInt(Keys::JWT_REFRESH_TOKEN_LIFETIME);
	s.sessionIdleTimeout = r.getInt(Keys::SESSION_IDLE_TIMEOUT, refreshLifetime);
	s.passwordMinLength = r.getInt(Keys::PASSWORD_MIN_LENGTH);
	s.passwordMaxLength = r.getInt(Keys::PASSWORD_MAX_LENGTH);
	if (s.passwordMinLength > s.passwordMaxLength)
		throw Core::ConfigurationException(Keys::PASSWORD_MIN_LENGTH, "must not exceed password.maxLength");
	s.argon2MemoryKiB = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_MEMORY_KIB));
	s.argon2Iterations = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_ITERATIONS));
	s.argon2Parallelism = static_cast<unsigned>(r.getInt(Keys::PASSWORD_ARGON2_PARALLELISM));
	int cores = static_cast<int>(Poco::Environment::processorCount());
	s.hashThreads = static_cast<unsigned>(r.getInt(Keys::PASSWORD_HASH_THREADS, cores > 0 ? cores : 1));
	s.hashQueue = static_cast<unsigned>(r.getInt(Keys::PASSWORD_HASH_QUEUE));
	s.otpLength = r.getInt(Keys::OTP_LENGTH);
	s.otpLifetime = r.getInt(Keys::OTP_LIFETIME);
	s.otpMaxAttempts = r.getInt(Keys::OTP_MAX_ATTEMPTS);
	s.otpResendInterval = r.getInt(Keys::OTP_RESEND_INTERVAL);
	s.otpMaxSendsPerHour = r.getInt(Keys::OTP_MAX_SENDS_PER_HOUR);
	s.passwordResetLifetime = r.getInt(Keys::PASSWORD_RESET_LIFETIME);
	s.appName = r.getString(Keys::APP_NAME);
	std::string publicUrl = r.getString(Keys::APP_PUBLIC_URL);
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
