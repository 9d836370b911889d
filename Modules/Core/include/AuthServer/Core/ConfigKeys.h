//
// ConfigKeys.h
//
// Configuration keys as constants, so a typo is a compile error. Their
// type, default, range and meaning are in ConfigKeyTable (the one table);
// a constant here without a table entry fails CoreTest.
//


#ifndef AuthServer_Core_ConfigKeys_INCLUDED
#define AuthServer_Core_ConfigKeys_INCLUDED


#include <string>
#include <vector>


namespace AuthServer {
namespace Core {
namespace Keys {


constexpr const char* APP_PROFILE = "app.profile";                 // embedded | production
constexpr const char* APP_DATA_DIRECTORY = "app.dataDirectory";    // var/
constexpr const char* APP_PUBLIC_URL = "app.publicUrl";
constexpr const char* APP_FRONTEND_URL = "app.frontendUrl";
constexpr const char* APP_NAME = "app.name";
constexpr const char* PATHS_TEMPLATES = "paths.templates";
constexpr const char* PATHS_MIGRATIONS = "paths.migrations";
constexpr const char* PATHS_COMMON_PASSWORDS = "paths.commonPasswords";
constexpr const char* PATHS_DOCS = "paths.docs";                  // openapi.json + Swagger UI (build/share/docs)

constexpr const char* HTTP_HOST = "http.host";
constexpr const char* HTTP_PORT = "http.port";
constexpr const char* HTTP_THREADS = "http.threads";                 // old name of http.workerThreads (accepted with a warning)
constexpr const char* HTTP_MAX_QUEUED = "http.maxQueued";             // old name of http.maxQueuedRequests (accepted with a warning)
constexpr const char* HTTP_WORKER_THREADS = "http.workerThreads";
constexpr const char* HTTP_MAX_QUEUED_REQUESTS = "http.maxQueuedRequests";
constexpr const char* HTTP_MAX_CONNECTIONS = "http.maxConnections";
constexpr const char* HTTP_MAX_CONNECTIONS_PER_IP = "http.maxConnectionsPerIp";
constexpr const char* HTTP_REQUEST_HEADER_TIMEOUT = "http.requestHeaderTimeout";
constexpr const char* HTTP_REQUEST_BODY_TIMEOUT = "http.requestBodyTimeout";
constexpr const char* HTTP_MAX_REQUEST_BODY = "http.maxRequestBody";
constexpr const char* HTTP_TRUSTED_PROXIES = "http.trustedProxies";
constexpr const char* HTTP_KEEP_ALIVE_TIMEOUT = "http.keepAliveTimeout";
constexpr const char* HTTP_IDLE_MEMORY_TRIM = "http.idleMemoryTrim";
constexpr const char* HTTP_CORS_ALLOWED_ORIGINS = "http.cors.allowedOrigins";
constexpr const char* METRICS_HOST = "metrics.host";
constexpr const char* METRICS_PORT = "metrics.port";
constexpr const char* METRICS_PUBLIC = "metrics.public";
constexpr const char* HTTPS_ENABLED = "https.enabled";
constexpr const char* HTTPS_CERTIFICATE_FILE = "https.certificateFile";
constexpr const char* HTTPS_PRIVATE_KEY_FILE = "https.privateKeyFile";

constexpr const char* DATABASE_CONNECTOR = "database.connector";
constexpr const char* DATABASE_URL = "database.url";
constexpr const char* DATABASE_POOL_SIZE = "database.poolSize";
constexpr const char* DATABASE_SQLITE_MMAP_SIZE = "database.sqliteMmapSize";

constexpr const char* CACHE_BACKEND = "cache.backend";
constexpr const char* REDIS_HOST = "redis.host";
constexpr const char* REDIS_PORT = "redis.port";
constexpr const char* REDIS_PASSWORD = "redis.password";
constexpr const char* REDIS_DATABASE = "redis.database";
constexpr const char* REDIS_KEY_PREFIX = "redis.keyPrefix";
constexpr const char* REDIS_POOL_SIZE = "redis.poolSize";
constexpr const char* REDIS_TIMEOUT = "redis.timeout";
constexpr const char* REDIS_NEAR_CACHE = "redis.nearCache";
constexpr const char* REDIS_NEAR_CACHE_ENTRIES = "redis.nearCacheEntries";
constexpr const char* REDIS_NEAR_CACHE_MAX_AGE = "redis.nearCacheMaxAge";

constexpr const char* JWT_ALGORITHM = "jwt.algorithm";
constexpr const char* JWT_SECRET = "jwt.secret";
constexpr const char* JWT_PRIVATE_KEY_FILE = "jwt.privateKeyFile";
constexpr const char* JWT_PUBLIC_KEY_FILE = "jwt.publicKeyFile";
constexpr const char* JWT_KEY_ID = "jwt.keyId";
constexpr const char* JWT_PREVIOUS_PUBLIC_KEY_FILES = "jwt.previousPublicKeyFiles";
constexpr const char* JWT_ISSUER = "jwt.issuer";
constexpr const char* JWT_AUDIENCE = "jwt.audience";
constexpr const char* JWT_ACCESS_TOKEN_LIFETIME = "jwt.accessTokenLifetime";
constexpr const char* JWT_REFRESH_TOKEN_LIFETIME = "jwt.refreshTokenLifetime";
constexpr const char* JWT_REFRESH_REUSE_INTERVAL = "jwt.refreshReuseInterval";

constexpr const char* AUTH_REQUIRE_EMAIL_VERIFICATION = "auth.requireEmailVerification";
constexpr const char* AUTH_PREVENT_ENUMERATION = "auth.preventEnumeration";
constexpr const char* AUTH_ADMIN_REQUIRE_OTP = "auth.adminRequireOtp"; // default: true in the production profile
constexpr const char* SESSION_ABSOLUTE_LIFETIME = "session.absoluteLifetime";
constexpr const char* SESSION_IDLE_TIMEOUT = "session.idleTimeout";
constexpr const char* VERIFICATION_LIFETIME = "verification.lifetime";
constexpr const char* RATE_LIMIT_ENABLED = "rateLimit.enabled";

constexpr const char* PASSWORD_MIN_LENGTH = "password.minLength";
constexpr const char* PASSWORD_MAX_LENGTH = "password.maxLength";
constexpr const char* PASSWORD_ARGON2_MEMORY_KIB = "password.argon2.memoryKiB";
constexpr const char* PASSWORD_ARGON2_ITERATIONS = "password.argon2.iterations";
constexpr const char* PASSWORD_ARGON2_PARALLELISM = "password.argon2.parallelism";
constexpr const char* PASSWORD_HASH_THREADS = "password.hashThreads";
constexpr const char* PASSWORD_HASH_QUEUE = "password.hashQueue";

constexpr const char* OTP_LENGTH = "otp.length";
constexpr const char* OTP_LIFETIME = "otp.lifetime";
constexpr const char* OTP_MAX_ATTEMPTS = "otp.maxAttempts";
constexpr const char* OTP_RESEND_INTERVAL = "otp.resendInterval";
constexpr const char* OTP_MAX_SENDS_PER_HOUR = "otp.maxSendsPerHour";
constexpr const char* PASSWORD_RESET_LIFETIME = "passwordReset.lifetime";
constexpr const char* PHONE_DEFAULT_REGION = "phone.defaultRegion";
constexpr const char* COMPAT_PROFILES = "compat.profiles";
constexpr const char* COMPAT_LEGACY_SIGNING_KEY = "compat.legacySigningKey";
constexpr const char* COMPAT_PHONE_ACCESS_TOKEN_LIFETIME = "compat.phone.accessTokenLifetime";

constexpr const char* MAIL_TRANSPORT = "mail.transport";
constexpr const char* MAIL_OUTBOX_DIRECTORY = "mail.outbox.directory";
constexpr const char* MAIL_FROM = "mail.from";
constexpr const char* MAIL_SMTP_HOST = "mail.smtp.host";
constexpr const char* MAIL_SMTP_PORT = "mail.smtp.port";
constexpr const char* MAIL_SMTP_USERNAME = "mail.smtp.username";
constexpr const char* MAIL_SMTP_PASSWORD = "mail.smtp.password";
constexpr const char* MAIL_SMTP_SECURITY = "mail.smtp.security";
constexpr const char* SMS_TRANSPORT = "sms.transport";
constexpr const char* SMS_OUTBOX_FILE = "sms.outbox.file";
constexpr const char* TWILIO_ACCOUNT_SID = "twilio.accountSid";
constexpr const char* TWILIO_AUTH_TOKEN = "twilio.authToken";
constexpr const char* TWILIO_FROM = "twilio.from";
constexpr const char* TWILIO_BASE_URL = "twilio.baseUrl";
constexpr const char* MAIL_SMTP_TIMEOUT = "mail.smtp.timeout";                // seconds
constexpr const char* MAIL_SMTP_AUTH_METHOD = "mail.smtp.authMethod";        // login | plain
constexpr const char* MAIL_SMTP_CA_FILE = "mail.smtp.caFile";                // PEM; empty: system CAs
constexpr const char* TWILIO_TIMEOUT = "twilio.timeout";                      // seconds
constexpr const char* TWILIO_CA_FILE = "twilio.caFile";                       // PEM; empty: system CAs
constexpr const char* DELIVERY_QUEUE = "delivery.queue";                     // auto | on | off
constexpr const char* DELIVERY_MAX_ATTEMPTS = "delivery.maxAttempts";
constexpr const char* DELIVERY_RETRY_DELAY = "delivery.retryDelay";          // seconds
constexpr const char* DELIVERY_MAX_RETRY_DELAY = "delivery.maxRetryDelay";   // seconds
constexpr const char* DELIVERY_POLL_INTERVAL = "delivery.pollInterval";      // milliseconds
constexpr const char* DELIVERY_KEY = "delivery.key";
constexpr const char* MFA_ENCRYPTION_KEY = "mfa.encryptionKey";              // 32+ characters; empty: embedded profile generates one
constexpr const char* MFA_TOTP_ISSUER = "mfa.totp.issuer";                   // default: app.name
constexpr const char* WEBAUTHN_RP_ID = "webauthn.rpId";                      // default: host of app.publicUrl
constexpr const char* WEBAUTHN_RP_NAME = "webauthn.rpName";                  // default: app.name
constexpr const char* WEBAUTHN_ORIGINS = "webauthn.origins";                 // comma-separated; default: origin of app.publicUrl
constexpr const char* RETENTION_SESSION_DAYS = "retention.sessionDays";              // days, fractional; 0 keeps
constexpr const char* RETENTION_ONE_TIME_TOKEN_DAYS = "retention.oneTimeTokenDays";  // days, fractional; 0 keeps
constexpr const char* RETENTION_INTERVAL = "retention.interval";                     // seconds between runs
constexpr const char* AUDIT_RETENTION_DAYS = "audit.retentionDays";                  // days, fractional; 0 keeps
constexpr const char* DATABASE_CONNECT_TIMEOUT = "database.connectTimeout";  // seconds
constexpr const char* HTTPS_CIPHER_LIST = "https.cipherList";                // OpenSSL list for TLS 1.2
constexpr const char* LOGGING_DAEMON_CHANNEL = "logging.daemonChannel";      // channel replacing the console with --daemon


const std::vector<std::string>& all();
	/// Returns every key of ConfigKeyTable, for matching AUTHSERVER_<KEY>
	/// environment variables (CONFIG.md: dots as underscores,
	/// case-insensitive).


} } } // namespace AuthServer::Core::Keys


#endif // AuthServer_Core_ConfigKeys_INCLUDED
