//
// ConfigKeys.cpp
//


#include "AuthServer/Core/ConfigKeys.h"


namespace AuthServer {
namespace Core {
namespace Keys {


const std::vector<std::string>& all()
{
	static const std::vector<std::string> KEYS =
	{
		APP_PROFILE,
		APP_DATA_DIRECTORY,
		APP_PUBLIC_URL,
		APP_FRONTEND_URL,
		APP_NAME,
		PATHS_TEMPLATES,
		PATHS_MIGRATIONS,
		PATHS_COMMON_PASSWORDS,
		HTTP_HOST,
		HTTP_PORT,
		HTTP_THREADS,
		HTTP_MAX_QUEUED,
		HTTP_MAX_REQUEST_BODY,
		HTTP_TRUSTED_PROXIES,
		HTTP_KEEP_ALIVE_TIMEOUT,
		HTTP_CORS_ALLOWED_ORIGINS,
		HTTPS_ENABLED,
		HTTPS_CERTIFICATE_FILE,
		HTTPS_PRIVATE_KEY_FILE,
		DATABASE_CONNECTOR,
		DATABASE_URL,
		DATABASE_POOL_SIZE,
		CACHE_BACKEND,
		REDIS_HOST,
		REDIS_PORT,
		REDIS_PASSWORD,
		REDIS_DATABASE,
		REDIS_KEY_PREFIX,
		REDIS_POOL_SIZE,
		REDIS_TIMEOUT,
		JWT_ALGORITHM,
		JWT_SECRET,
		JWT_PRIVATE_KEY_FILE,
		JWT_PUBLIC_KEY_FILE,
		JWT_KEY_ID,
		JWT_PREVIOUS_PUBLIC_KEY_FILES,
		JWT_ISSUER,
		JWT_AUDIENCE,
		JWT_ACCESS_TOKEN_LIFETIME,
		JWT_REFRESH_TOKEN_LIFETIME,
		JWT_REFRESH_REUSE_INTERVAL,
		AUTH_REQUIRE_EMAIL_VERIFICATION,
		AUTH_PREVENT_ENUMERATION,
		SESSION_ABSOLUTE_LIFETIME,
		SESSION_IDLE_TIMEOUT,
		VERIFICATION_LIFETIME,
		RATE_LIMIT_ENABLED,
		"rateLimit.login.perIp",
		"rateLimit.login.perAccount",
		"rateLimit.login.window",
		"rateLimit.register.perIp",
		"rateLimit.register.perAccount",
		"rateLimit.register.window",
		"rateLimit.passwordForgot.perIp",
		"rateLimit.passwordForgot.perAccount",
		"rateLimit.passwordForgot.window",
		"rateLimit.otpRequest.perIp",
		"rateLimit.otpRequest.perAccount",
		"rateLimit.otpRequest.window",
		"rateLimit.otpVerify.perIp",
		"rateLimit.otpVerify.perAccount",
		"rateLimit.otpVerify.window",
		"rateLimit.lockout.threshold",
		"rateLimit.lockout.baseSeconds",
		"rateLimit.lockout.maxSeconds",
		"rateLimit.lockout.failureWindow",
		PASSWORD_MIN_LENGTH,
		PASSWORD_MAX_LENGTH,
		PASSWORD_ARGON2_MEMORY_KIB,
		PASSWORD_ARGON2_ITERATIONS,
		PASSWORD_ARGON2_PARALLELISM,
		PASSWORD_HASH_THREADS,
		PASSWORD_HASH_QUEUE,
		OTP_LENGTH,
		OTP_LIFETIME,
		OTP_MAX_ATTEMPTS,
		OTP_RESEND_INTERVAL,
		OTP_MAX_SENDS_PER_HOUR,
		PASSWORD_RESET_LIFETIME,
		PHONE_DEFAULT_REGION,
		MAIL_TRANSPORT,
		MAIL_OUTBOX_DIRECTORY,
		MAIL_FROM,
		MAIL_SMTP_HOST,
		MAIL_SMTP_PORT,
		MAIL_SMTP_USERNAME,
		MAIL_SMTP_PASSWORD,
		MAIL_SMTP_SECURITY,
		SMS_TRANSPORT,
		SMS_OUTBOX_FILE,
		TWILIO_ACCOUNT_SID,
		TWILIO_AUTH_TOKEN,
		TWILIO_FROM,
		TWILIO_BASE_URL,
	};
	return KEYS;
}


} } } // namespace AuthServer::Core::Keys
