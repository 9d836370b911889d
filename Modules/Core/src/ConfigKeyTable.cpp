//
// ConfigKeyTable.cpp
//
// The one place a configuration key, its default and its range are written
// down. Ranges are the bounds the subsystems need (a value outside them is
// refused at start-up naming the key); defaults are those of the embedded
// profile and equal Config/AuthServer.properties (CoreTest checks both).
//


#include "AuthServer/Core/ConfigKeyTable.h"
#include "AuthServer/Core/AuthException.h"
#include <map>
#include <set>


namespace AuthServer {
namespace Core {


namespace
{
	constexpr double DAY = 86400;

	class Key
		/// Builds one ConfigKey with chained setters.
	{
	public:
		Key(const std::string& name, ConfigKey::Type type, const std::string& deflt, const std::string& description)
		{
			_key.name = name;
			_key.type = type;
			_key.deflt = deflt;
			_key.description = description;
		}

		Key& range(double minValue, double maxValue, const std::string& unit = "")
		{
			_key.minValue = minValue;
			_key.maxValue = maxValue;
			_key.unit = unit;
			return *this;
		}

		Key& choices(std::vector<std::string> choices)
		{
			_key.choices = std::move(choices);
			return *this;
		}

		Key& computed(const std::string& note)
		{
			_key.defaultNote = note;
			return *this;
		}

		Key& secret()
		{
			_key.secret = true;
			return *this;
		}

		Key& path()
		{
			_key.path = true;
			return *this;
		}

		Key& requiredInProduction()
		{
			_key.requiredInProduction = true;
			return *this;
		}

		operator ConfigKey() const
		{
			return _key;
		}

	private:
		ConfigKey _key;
	};

	Key text(const std::string& name, const std::string& deflt, const std::string& description)
	{
		return Key(name, ConfigKey::STRING, deflt, description);
	}

	Key integer(const std::string& name, const std::string& deflt, double minValue, double maxValue, const std::string& unit, const std::string& description)
	{
		return Key(name, ConfigKey::INT, deflt, description).range(minValue, maxValue, unit);
	}

	Key number(const std::string& name, const std::string& deflt, double minValue, double maxValue, const std::string& unit, const std::string& description)
	{
		return Key(name, ConfigKey::NUMBER, deflt, description).range(minValue, maxValue, unit);
	}

	Key boolean(const std::string& name, const std::string& deflt, const std::string& description)
	{
		return Key(name, ConfigKey::BOOL, deflt, description);
	}

	Key list(const std::string& name, const std::string& description)
	{
		return Key(name, ConfigKey::LIST, "", description);
	}

	Key choice(const std::string& name, const std::string& deflt, std::vector<std::string> choices, const std::string& description)
	{
		return Key(name, ConfigKey::ENUM, deflt, description).choices(std::move(choices));
	}

	Key secret(const std::string& name, const std::string& description)
	{
		return Key(name, ConfigKey::STRING, "", description).secret();
	}

	ConfigKey alias(const std::vector<ConfigKey>& table, const std::string& name, const std::string& target)
		/// An old name: the target's type, default and range.
	{
		for (const ConfigKey& key: table)
		{
			if (key.name != target) continue;
			ConfigKey old = key;
			old.name = name;
			old.aliasOf = target;
			old.description = "old name of `" + target + "`, still accepted with a warning (the new name wins when both are set)";
			return old;
		}
		throw Poco::LogicException("alias of a key missing from the table", target);
	}

	struct Bucket
	{
		const char* name;
		int perIp;
		int perAccount;
		int window;
		const char* what;
	};

	void addRateLimits(std::vector<ConfigKey>& t)
		/// Per IP: generous enough for a NAT'ed office, low enough to stop a
		/// scripted guesser (OWASP ASVS 4.0 2.2.1). Per account: NIST SP
		/// 800-63B §5.2.2 caps consecutive failures at 100; we throttle far
		/// earlier.
	{
		static const Bucket BUCKETS[] =
		{
			{"login", 20, 10, 60, "password logins (per account: the email; ASVS 2.2.1, 800-63B §5.2.2)"},
			{"register", 10, 3, 600, "registrations (per account: the email; also bounds verification mail sent to one inbox)"},
			{"passwordForgot", 10, 3, 900, "forgot-password mails (per account: the email; no mail bombing of one inbox, ASVS 2.5)"},
			{"otpRequest", 10, 5, 3600, "one-time codes sent (per account: the destination; 800-63B §5.1.3, §5.2.2)"},
			{"otpVerify", 30, 10, 600, "code checks, also verify-email (per account: the destination; 800-63B §5.2.2)"},
			{"resendVerification", 10, 3, 900, "resent verification mails (per account: the email)"},
			{"passwordReset", 20, 0, 900, "password resets (bounds the Argon2id work of one address; the 256-bit token cannot be guessed)"},
			{"passwordChange", 20, 10, 900, "password changes with an access token (per account: the user id)"},
			{"tokenRefresh", 600, 0, 60, "token refreshes (a client refreshes about every 15 minutes)"},
			{"profileUpdate", 60, 0, 60, "profile updates (PATCH/PUT /api/auth/profile)"}
		};
		for (const Bucket& b: BUCKETS)
		{
			std::string prefix = std::string("rateLimit.") + b.name + ".";
			t.push_back(integer(prefix + "perIp", std::to_string(b.perIp), 0, 1000000, "requests",
				std::string("most ") + b.what + " from one client address per window; 0: no limit"));
			t.push_back(integer(prefix + "perAccount", std::to_string(b.perAccount), 0, 1000000, "requests",
				std::string("most ") + b.name + " requests against one account per window; 0: not applied"));
			t.push_back(integer(prefix + "window", std::to_string(b.window), 1, DAY, "seconds",
				std::string("sliding window of the ") + b.name + " limits"));
		}
	}

	std::vector<ConfigKey> buildTable()
	{
		std::vector<ConfigKey> t;

		// ---- Application
		t.push_back(choice("app.profile", "embedded", {"embedded", "production"},
			"`embedded` generates and keeps the JWT, delivery and second-factor keys under app.dataDirectory; `production` refuses to start without jwt.secret (HS256), or with a key the embedded profile generated"));
		t.push_back(text("app.dataDirectory", "var", "folder of the embedded profile's runtime data (generated keys)").path());
		t.push_back(text("app.name", "AuthServer", "name shown in mails, pages and authenticator apps"));
		t.push_back(text("app.publicUrl", "http://127.0.0.1:8000", "base URL of this server, for links in mails"));
		t.push_back(text("app.frontendUrl", "", "where verify/reset links point (your web front end)").computed("= app.publicUrl"));

		// ---- Files
		t.push_back(text("paths.templates", "", "folder of the mail and account page templates").computed("Templates/ found next to the executable").path());
		t.push_back(text("paths.migrations", "", "folder of the database migrations").computed("Migrations/ found next to the executable").path());
		t.push_back(text("paths.commonPasswords", "", "breached-password list refused at registration and change (NIST SP 800-63B §5.1.1.2)").computed("share/common-passwords.txt found next to the executable").path());
		t.push_back(text("paths.docs", "", "folder of openapi.json and the Swagger UI served at /api/openapi.json and /api/docs, read once at start-up").computed("share/docs found next to the executable"));

		// ---- HTTP
		t.push_back(text("http.host", "127.0.0.1", "listen address"));
		t.push_back(integer("http.port", "8000", 0, 65535, "", "listen port (0 = pick a free one and log it)"));
		t.push_back(integer("http.workerThreads", "64", 1, 4096, "threads", "threads running request handlers; connections do not hold a thread (one event loop reads and writes them)"));
		t.push_back(alias(t, "http.threads", "http.workerThreads"));
		t.push_back(integer("http.maxQueuedRequests", "1024", 1, 1000000, "requests", "complete requests waiting for a worker; past it 503 with Retry-After"));
		t.push_back(alias(t, "http.maxQueued", "http.maxQueuedRequests"));
		t.push_back(integer("http.maxConnections", "10000", 1, 1000000, "connections", "open connections in all; past it a new connection gets 503 and is closed (the open-files limit must hold it)"));
		t.push_back(integer("http.maxConnectionsPerIp", "256", 1, 1000000, "connections", "open connections from one client address (behind http.trustedProxies: the forwarded address)"));
		t.push_back(integer("http.requestHeaderTimeout", "10", 1, 3600, "seconds", "time for a whole request header block from its first byte; then 408 and close"));
		t.push_back(integer("http.requestBodyTimeout", "30", 1, 3600, "seconds", "time for a whole request body; then 408 and close"));
		t.push_back(integer("http.keepAliveTimeout", "15", 1, 3600, "seconds", "an idle keep-alive connection is closed after this"));
		t.push_back(integer("http.idleMemoryTrim", "2", 0, 3600, "seconds", "after a burst of requests, this long without any gives the heap pages the allocator keeps back to the system (a jemalloc purge; malloc_trim on glibc); 0 = never"));
		t.push_back(integer("http.maxRequestBody", "65536", 1024, 16 * 1024 * 1024, "bytes", "largest request body; larger bodies get 413"));
		t.push_back(list("http.trustedProxies", "comma-separated proxy addresses whose X-Forwarded-For is believed"));
		t.push_back(list("http.cors.allowedOrigins", "comma-separated origins allowed by CORS (exact match of scheme://host[:port], echoed with `Vary: Origin`; OWASP ASVS 14.5.3); empty: no CORS headers"));

		// ---- Metrics
		t.push_back(text("metrics.host", "127.0.0.1", "listen address of `/metrics`"));
		t.push_back(integer("metrics.port", "9464", 0, 65535, "", "listen port of `/metrics` (0 = pick a free one and log it)"));
		t.push_back(boolean("metrics.public", "false", "true: also serve `/metrics` on the API listener"));

		// ---- HTTPS
		t.push_back(boolean("https.enabled", "false", "serve TLS on http.port with https.certificateFile / https.privateKeyFile: TLS 1.2 and 1.3 only (RFC 8996), forward-secret AEAD suites, Strict-Transport-Security (OWASP ASVS 9.1.3, 14.4.5)"));
		t.push_back(text("https.certificateFile", "", "PEM certificate, optionally followed by its chain").path());
		t.push_back(text("https.privateKeyFile", "", "unencrypted PEM private key of the certificate (keep it mode 0600)").path());
		t.push_back(text("https.cipherList", "", "TLS 1.2 suites in OpenSSL notation (TLS 1.3 uses OpenSSL's)").computed("Mozilla intermediate without DHE"));

		// ---- Database
		t.push_back(choice("database.connector", "sqlite", {"sqlite", "postgresql"}, "database back end"));
		t.push_back(text("database.url", "var/authserver.db", "SQLite file path, or a libpq connection string for postgresql"));
		t.push_back(integer("database.poolSize", "", 1, 1024, "connections", "pooled database connections (SQLite: read connections; writes go through one writer); a request finding all in use waits, in arrival order, up to 2 s for one, then 503").computed("postgresql: 4 per CPU core, at least 8; sqlite: 2 per CPU core, at least 8"));
		t.push_back(integer("database.sqliteMmapSize", "1073741824", 0, 2147418112, "bytes", "sqlite: how much of the database file each connection reads through a memory map (PRAGMA mmap_size) instead of read() calls into its own 2 MB page cache; 0 turns the map off. It takes address space, not memory: the mapped pages are the kernel's page cache, shared by the connections, and count in the process's RSS as file pages"));
		t.push_back(integer("database.connectTimeout", "30", 0, 3600, "seconds", "how long an unreachable database is retried at start-up before the server exits naming database.url"));

		// ---- Cache
		t.push_back(choice("cache.backend", "memory", {"memory", "redis"}, "`memory` (one process) or `redis` (several instances sharing one Redis)"));
		t.push_back(text("redis.host", "127.0.0.1", "Redis server for cache.backend = redis"));
		t.push_back(integer("redis.port", "6379", 1, 65535, "", "Redis port"));
		t.push_back(secret("redis.password", "Redis password (AUTH); empty: none"));
		t.push_back(integer("redis.database", "0", 0, 1023, "", "Redis database number"));
		t.push_back(text("redis.keyPrefix", "authserver:", "prefix of every key this server writes, so deployments can share a Redis"));
		t.push_back(integer("redis.poolSize", "8", 1, 1024, "connections", "idle Redis connections kept per process (more open under load)"));
		t.push_back(integer("redis.timeout", "2", 1, 60, "seconds", "wait for Redis to connect or answer before the cache counts as down"));
		t.push_back(boolean("redis.nearCache", "true", "keep a per-instance copy of the blacklist, session and user entries read on authenticated requests (no Redis round trip once warm), invalidated by Redis client-side caching (CLIENT TRACKING BCAST; Redis >= 6); bypassed while the invalidation connection is down"));
		t.push_back(integer("redis.nearCacheEntries", "100000", 1, 10000000, "entries", "entries the near cache keeps per instance (the least recently used is dropped)"));
		t.push_back(integer("redis.nearCacheMaxAge", "60", 1, 3600, "seconds", "longest a near-cache entry is served (never longer than the Redis key's TTL)"));

		// ---- Tokens
		t.push_back(choice("jwt.algorithm", "HS256", {"HS256", "RS256", "ES256"}, "signing algorithm (RFC 7518); only this one is accepted when verifying"));
		t.push_back(secret("jwt.secret", "HS256 key, at least 32 bytes; the embedded profile generates one into app.dataDirectory/jwt.secret").requiredInProduction());
		t.push_back(text("jwt.privateKeyFile", "", "RS256/ES256: unencrypted PEM private key (RSA 2048 bits or more, EC on P-256); `--generate-keys` writes one").path());
		t.push_back(text("jwt.publicKeyFile", "", "RS256/ES256: its PEM public key (checked to match at start-up)").computed("derived from the private key").path());
		t.push_back(text("jwt.keyId", "", "the `kid` of new tokens").computed("RFC 7638 thumbprint of the public key"));
		t.push_back(list("jwt.previousPublicKeyFiles", "retired signing keys, comma-separated `[kid=]file.pem` (public keys; kid defaults to the RFC 7638 thumbprint): tokens they signed still verify until they expire, and the JWKS lists them"));
		t.push_back(text("jwt.issuer", "authserver", "the `iss` claim"));
		t.push_back(text("jwt.audience", "", "the `aud` claim, checked when set"));
		t.push_back(integer("jwt.accessTokenLifetime", "900", 1, DAY, "seconds", "access token lifetime"));
		t.push_back(integer("jwt.refreshTokenLifetime", "604800", 60, 365 * DAY, "seconds", "refresh token lifetime"));
		t.push_back(integer("jwt.refreshReuseInterval", "10", 0, 300, "seconds", "after a rotation, the old refresh token gets the same new one back this long (lost responses, parallel tabs); 0 = none"));

		// ---- Accounts and sessions
		t.push_back(boolean("auth.requireEmailVerification", "true", "accounts cannot log in before their email is verified"));
		t.push_back(boolean("auth.preventEnumeration", "false", "true: registering a taken email answers 201 like a new one and mails the owner instead (no 409); a login to an unverified account answers like a wrong password (OWASP ASVS 2.2, 3.x)"));
		t.push_back(boolean("auth.adminRequireOtp", "", "true: an administrator's password login always answers an OTP challenge and an administrator cannot sign in with a one-time code alone (OWASP ASVS 4.3.1)").computed("true in the production profile, else false"));
		t.push_back(integer("session.absoluteLifetime", "2592000", 1, 365 * DAY, "seconds", "from login, after which a session's refresh tokens die, whatever the rotation (OWASP ASVS 3.3.1, 3.3.2)"));
		t.push_back(integer("session.idleTimeout", "604800", 1, 365 * DAY, "seconds", "without a refresh, after which a session dies (OWASP ASVS 3.3.2); empty: jwt.refreshTokenLifetime"));
		t.push_back(integer("verification.lifetime", "86400", 60, 30 * DAY, "seconds", "a verification link and code stay valid this long; a resend makes the earlier ones invalid"));

		// ---- Rate limits
		t.push_back(boolean("rateLimit.enabled", "true", "per-IP and per-account throttling and login lockout (429 rate_limited / 423 account_locked with Retry-After; sliding windows; OWASP ASVS 2.2.1, NIST SP 800-63B §5.2.2). OTP hygiene (`otp.*`) stays on regardless"));
		addRateLimits(t);
		t.push_back(integer("rateLimit.lockout.threshold", "5", 0, 100, "failures", "consecutive failed logins on one email after which the email, and the pair (email, client address), are locked (ASVS 2.2.1 soft lockout); 0: no lockout"));
		t.push_back(integer("rateLimit.lockout.baseSeconds", "60", 1, DAY, "seconds", "first lock, doubling with each further failure"));
		t.push_back(integer("rateLimit.lockout.maxSeconds", "900", 1, 7 * DAY, "seconds", "longest lock (not below rateLimit.lockout.baseSeconds)"));
		t.push_back(integer("rateLimit.lockout.failureWindow", "86400", 60, 30 * DAY, "seconds", "a failure is remembered this long without a success"));
		t.push_back(integer("rateLimit.lockout.knownAddressSeconds", "2592000", 0, 365 * DAY, "seconds", "the email's lock does not hold for an address that logged in to the account within this time, so a stranger cannot lock the owner out; 0: no exemption"));

		// ---- Passwords
		t.push_back(integer("password.minLength", "8", 8, 128, "characters", "shortest password in Unicode code points (NIST SP 800-63B §5.1.1.2; OWASP ASVS 2.1.1 asks 12); not above password.maxLength"));
		t.push_back(integer("password.maxLength", "128", 64, 4096, "characters", "longest password in Unicode code points (NIST SP 800-63B §5.1.1.2: at least 64)"));
		t.push_back(integer("password.argon2.memoryKiB", "19456", 1024, 4 * 1024 * 1024, "KiB", "Argon2id memory cost (OWASP Password Storage Cheat Sheet: 19 MiB)"));
		t.push_back(integer("password.argon2.iterations", "2", 1, 100, "passes", "Argon2id time cost"));
		t.push_back(integer("password.argon2.parallelism", "1", 1, 64, "lanes", "Argon2id lanes"));
		t.push_back(integer("password.hashThreads", "", 1, 256, "threads", "threads hashing passwords").computed("one per CPU core"));
		t.push_back(integer("password.hashQueue", "32", 1, 100000, "jobs", "hash jobs that may wait; beyond that logins get 503 with Retry-After"));

		// ---- One-time codes
		t.push_back(integer("otp.length", "6", 6, 10, "digits", "digits of a one-time code (NIST SP 800-63B §5.1.3.1)"));
		t.push_back(integer("otp.lifetime", "600", 1, 3600, "seconds", "a one-time code stays valid this long"));
		t.push_back(integer("otp.maxAttempts", "5", 1, 10, "tries", "wrong tries per code before it dies"));
		t.push_back(integer("otp.resendInterval", "60", 1, 3600, "seconds", "wait before another code is sent to the same destination"));
		t.push_back(integer("otp.maxSendsPerHour", "5", 1, 1000, "sends", "codes sent to one destination per hour"));
		t.push_back(integer("passwordReset.lifetime", "3600", 1, DAY, "seconds", "a password reset link stays valid this long"));
		t.push_back(text("phone.defaultRegion", "", "ISO 3166 region (e.g. IN) for phone numbers given without `+`; empty: `+` required"));

		// ---- Mail
		t.push_back(choice("mail.transport", "outbox", {"outbox", "smtp"}, "`outbox` (one RFC 5322 `.eml` file per message in mail.outbox.directory, written under another name and renamed) or `smtp`"));
		t.push_back(text("mail.outbox.directory", "var/mail", "folder of the outbox transport").path());
		t.push_back(text("mail.from", "AuthServer <no-reply@localhost>", "sender of every mail"));
		t.push_back(text("mail.smtp.host", "localhost", "SMTP server for mail.transport = smtp"));
		t.push_back(integer("mail.smtp.port", "587", 1, 65535, "", "SMTP port"));
		t.push_back(text("mail.smtp.username", "", "SMTP user; empty: no authentication"));
		t.push_back(secret("mail.smtp.password", "SMTP password"));
		t.push_back(choice("mail.smtp.security", "starttls", {"none", "starttls", "tls"}, "`starttls` (port 587, STARTTLS required), `tls` (port 465, implicit TLS) or `none` (trusted relays only)"));
		t.push_back(choice("mail.smtp.authMethod", "login", {"login", "plain"}, "mechanism over security = none (over TLS: what the server's EHLO offers, PLAIN else LOGIN)"));
		t.push_back(text("mail.smtp.caFile", "", "PEM file of the CAs that sign the SMTP server's certificate; the certificate and host name are always verified").computed("the system CAs").path());
		t.push_back(integer("mail.smtp.timeout", "30", 1, 600, "seconds", "any SMTP connect, read or write may take this long"));

		// ---- SMS
		t.push_back(choice("sms.transport", "outbox", {"outbox", "twilio"}, "`outbox` (one JSON object per line `{\"to\",\"body\",\"sent_at\"}` appended to sms.outbox.file) or `twilio`"));
		t.push_back(text("sms.outbox.file", "var/sms.jsonl", "file of the outbox transport").path());
		t.push_back(text("twilio.accountSid", "", "Twilio account SID (AC...) for sms.transport = twilio"));
		t.push_back(secret("twilio.authToken", "Twilio auth token"));
		t.push_back(text("twilio.from", "", "sender: a Twilio phone number of the account (E.164)"));
		t.push_back(text("twilio.baseUrl", "https://api.twilio.com", "Twilio API base; must be https (plain http only for a loopback test fake)"));
		t.push_back(text("twilio.caFile", "", "PEM file of the CAs that sign Twilio's certificate").computed("the system CAs").path());
		t.push_back(integer("twilio.timeout", "15", 1, 600, "seconds", "a call to Twilio may take this long"));

		// ---- Delivery queue
		t.push_back(choice("delivery.queue", "auto", {"auto", "on", "off"}, "mail and SMS are stored in the database (sealed with AES-256-GCM) and sent by a worker: `auto` queues smtp and twilio and writes outboxes directly, `on` queues everything, `off` sends in the request"));
		t.push_back(integer("delivery.maxAttempts", "8", 1, 100, "attempts", "attempts per message, then it is dropped (logged and counted)"));
		t.push_back(integer("delivery.retryDelay", "2", 1, 3600, "seconds", "wait before retry n is retryDelay * 2^(n-1)"));
		t.push_back(integer("delivery.maxRetryDelay", "600", 1, DAY, "seconds", "longest wait between retries (not below delivery.retryDelay)"));
		t.push_back(integer("delivery.pollInterval", "500", 10, 60000, "milliseconds", "between scans of the queue when idle"));
		t.push_back(secret("delivery.key", "secret (32 characters or more) the queue's encryption key is derived from; the same on every instance sharing the database").computed("generated into app.dataDirectory/delivery.key"));

		// ---- Second factors
		t.push_back(secret("mfa.encryptionKey", "secret (32 characters or more) the AES-256-GCM key of stored TOTP secrets is derived from; the same on every instance sharing the database; losing it locks users out of their authenticator apps. Empty in production: authenticator apps are off (503)").computed("embedded profile: generated into app.dataDirectory/mfa.key"));
		t.push_back(text("mfa.totp.issuer", "", "issuer shown by authenticator apps (otpauth:// URI)").computed("= app.name"));
		t.push_back(text("webauthn.rpId", "", "WebAuthn relying party id (a registrable domain suffix of the origins)").computed("host of app.publicUrl"));
		t.push_back(text("webauthn.rpName", "", "relying party name shown by authenticators").computed("= app.name"));
		t.push_back(list("webauthn.origins", "comma-separated origins allowed in WebAuthn client data").computed("origin of app.publicUrl"));

		// ---- Compatibility
		t.push_back(list("compat.profiles", "comma-separated compatibility profiles of a replaced back end (Docs/COMPAT.md)"));
		t.push_back(secret("compat.legacySigningKey", "the replaced back end's HS256 signing key: its refresh tokens are exchanged once (Docs/COMPAT.md)"));
		t.push_back(integer("compat.phone.accessTokenLifetime", "1800", 60, 365 * DAY, "seconds", "lifetime of a `phone` profile access token (Docs/COMPAT.md)"));

		// ---- Retention
		t.push_back(number("retention.sessionDays", "7", 0, 36500, "days", "sessions and their refresh tokens are deleted this long after they were revoked, idled out or expired; fractions allowed; 0 keeps them"));
		t.push_back(number("retention.oneTimeTokenDays", "1", 0, 36500, "days", "email verification and password reset tokens, spent recovery codes and legacy token exchange records are deleted this long after use or expiry; 0 keeps them"));
		t.push_back(number("audit.retentionDays", "180", 0, 36500, "days", "audit events are deleted this long after they were written; 0 keeps them"));
		t.push_back(integer("retention.interval", "3600", 1, 7 * DAY, "seconds", "between runs of the retention job (batches of 500 rows per short transaction; one instance at a time)"));

		// ---- Logging (the rest of logging.* is POCO's LoggingConfigurator)
		t.push_back(text("logging.daemonChannel", "asyncFile", "the logging channel that replaces the console under `--daemon`; the other `logging.*` keys are POCO's (LoggingConfigurator)"));
		return t;
	}
}


const std::vector<ConfigKey>& ConfigKeyTable::keys()
{
	static const std::vector<ConfigKey> TABLE = buildTable();
	return TABLE;
}


const ConfigKey* ConfigKeyTable::find(const std::string& name)
{
	static const std::map<std::string, const ConfigKey*> INDEX = []
	{
		std::map<std::string, const ConfigKey*> index;
		for (const ConfigKey& key: keys()) index.emplace(key.name, &key);
		return index;
	}();
	auto it = INDEX.find(name);
	return it == INDEX.end() ? nullptr : it->second;
}


const ConfigKey& ConfigKeyTable::get(const std::string& name)
{
	const ConfigKey* pKey = find(name);
	if (!pKey) throw ConfigurationException(name, "is read by the server but missing from the configuration key table (Modules/Core/src/ConfigKeyTable.cpp)");
	return *pKey;
}


std::vector<std::string> ConfigKeyTable::names()
{
	std::vector<std::string> result;
	for (const ConfigKey& key: keys()) result.push_back(key.name);
	return result;
}


std::vector<std::string> ConfigKeyTable::sections()
{
	std::vector<std::string> result;
	std::set<std::string> seen;
	for (const ConfigKey& key: keys())
		if (seen.insert(key.section()).second) result.push_back(key.section());
	return result;
}


std::string ConfigKeyTable::sectionTitle(const std::string& section)
{
	static const std::map<std::string, std::string> TITLES =
	{
		{"app", "Application"}, {"paths", "Files"}, {"http", "HTTP"}, {"metrics", "Metrics"},
		{"https", "HTTPS"}, {"database", "Database"}, {"cache", "Cache"}, {"redis", "Redis"},
		{"jwt", "Tokens (RFC 7519)"}, {"auth", "Accounts"}, {"session", "Sessions"},
		{"verification", "Email verification"}, {"rateLimit", "Rate limits and lockout"},
		{"password", "Passwords (NIST SP 800-63B §5.1.1.2)"}, {"otp", "One-time codes"},
		{"passwordReset", "Password reset"}, {"phone", "Phone numbers"}, {"mail", "Mail"},
		{"sms", "SMS"}, {"twilio", "Twilio"}, {"delivery", "Delivery queue"},
		{"mfa", "Second factors (TOTP)"}, {"webauthn", "Passkeys (WebAuthn)"},
		{"compat", "Compatibility"}, {"retention", "Retention"}, {"audit", "Audit"},
		{"logging", "Logging"}
	};
	auto it = TITLES.find(section);
	return it == TITLES.end() ? section : it->second;
}


} } // namespace AuthServer::Core
