//
// ConfigValidator.cpp
//


#include "AuthServer/Core/ConfigValidator.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/String.h"
#include <algorithm>
#include <map>
#include <set>


namespace AuthServer {
namespace Core {


namespace
{
	struct Rule
	{
		enum Type { Int, Bool, Choice, Real } type;
		int minValue;
		int maxValue;
		std::vector<const char*> choices;
		double minReal = 0;
		double maxReal = 0;
	};

	Rule integer(int minValue, int maxValue)
	{
		return Rule{Rule::Int, minValue, maxValue, {}};
	}

	Rule real(double minValue, double maxValue)
	{
		return Rule{Rule::Real, 0, 0, {}, minValue, maxValue};
	}

	Rule boolean()
	{
		return Rule{Rule::Bool, 0, 0, {}};
	}

	Rule choice(std::vector<const char*> choices)
	{
		return Rule{Rule::Choice, 0, 0, std::move(choices)};
	}

	const std::map<std::string, Rule>& rules()
	{
		// Ranges are those the subsystems apply when they read the key
		// (IdentitySettings, RateLimiter, TokensSubsystem, ...), so a value
		// that passes here is never refused later for its range alone.
		constexpr int DAY = 86400;
		static const std::map<std::string, Rule> RULES = []
		{
			namespace K = Keys;
			std::map<std::string, Rule> r;
			r.emplace(K::APP_PROFILE, choice({"embedded", "production"}));
			r.emplace(K::HTTP_PORT, integer(0, 65535));
			r.emplace(K::HTTP_THREADS, integer(1, 4096));
			r.emplace(K::HTTP_MAX_QUEUED, integer(1, 65536));
			r.emplace(K::HTTP_WORKER_THREADS, integer(1, 4096));
			r.emplace(K::HTTP_MAX_QUEUED_REQUESTS, integer(1, 1000000));
			r.emplace(K::HTTP_MAX_CONNECTIONS, integer(1, 1000000));
			r.emplace(K::HTTP_MAX_CONNECTIONS_PER_IP, integer(1, 1000000));
			r.emplace(K::HTTP_REQUEST_HEADER_TIMEOUT, integer(1, 3600));
			r.emplace(K::HTTP_REQUEST_BODY_TIMEOUT, integer(1, 3600));
			r.emplace(K::METRICS_PORT, integer(0, 65535));
			r.emplace(K::METRICS_PUBLIC, boolean());
			r.emplace(K::HTTP_KEEP_ALIVE_TIMEOUT, integer(1, 3600));
			r.emplace(K::HTTP_MAX_REQUEST_BODY, integer(1024, 16 * 1024 * 1024));
			r.emplace(K::HTTPS_ENABLED, boolean());
			r.emplace(K::DATABASE_CONNECTOR, choice({"sqlite", "postgresql"}));
			r.emplace(K::DATABASE_POOL_SIZE, integer(1, 1024));
			r.emplace(K::DATABASE_CONNECT_TIMEOUT, integer(0, 3600));
			r.emplace(K::CACHE_BACKEND, choice({"memory", "redis"}));
			r.emplace(K::REDIS_PORT, integer(1, 65535));
			r.emplace(K::REDIS_DATABASE, integer(0, 1023));
			r.emplace(K::REDIS_POOL_SIZE, integer(1, 1024));
			r.emplace(K::REDIS_TIMEOUT, integer(1, 60));
			r.emplace(K::JWT_ALGORITHM, choice({"HS256", "RS256", "ES256"}));
			r.emplace(K::JWT_ACCESS_TOKEN_LIFETIME, integer(1, DAY));
			r.emplace(K::JWT_REFRESH_TOKEN_LIFETIME, integer(60, 365 * DAY));
			r.emplace(K::JWT_REFRESH_REUSE_INTERVAL, integer(0, 300));
			r.emplace(K::AUTH_REQUIRE_EMAIL_VERIFICATION, boolean());
			r.emplace(K::AUTH_PREVENT_ENUMERATION, boolean());
			r.emplace(K::AUTH_ADMIN_REQUIRE_OTP, boolean());
			r.emplace(K::SESSION_ABSOLUTE_LIFETIME, integer(1, 365 * DAY));
			r.emplace(K::SESSION_IDLE_TIMEOUT, integer(1, 365 * DAY));
			r.emplace(K::VERIFICATION_LIFETIME, integer(60, 30 * DAY));
			r.emplace(K::RATE_LIMIT_ENABLED, boolean());
			for (const char* bucket: {"login", "register", "passwordForgot", "otpRequest", "otpVerify",
				"resendVerification", "passwordReset", "passwordChange", "tokenRefresh", "profileUpdate"})
			{
				std::string prefix = std::string("rateLimit.") + bucket + ".";
				r.emplace(prefix + "perIp", integer(0, 1000000));
				r.emplace(prefix + "perAccount", integer(0, 1000000));
				r.emplace(prefix + "window", integer(1, DAY));
			}
			r.emplace("rateLimit.lockout.threshold", integer(0, 100));
			r.emplace("rateLimit.lockout.baseSeconds", integer(1, DAY));
			r.emplace("rateLimit.lockout.maxSeconds", integer(1, 7 * DAY));
			r.emplace("rateLimit.lockout.failureWindow", integer(60, 30 * DAY));
			r.emplace("rateLimit.lockout.knownAddressSeconds", integer(0, 365 * DAY));
			r.emplace(K::PASSWORD_MIN_LENGTH, integer(8, 128));
			r.emplace(K::PASSWORD_MAX_LENGTH, integer(64, 4096));
			r.emplace(K::PASSWORD_ARGON2_MEMORY_KIB, integer(1024, 4 * 1024 * 1024));
			r.emplace(K::PASSWORD_ARGON2_ITERATIONS, integer(1, 100));
			r.emplace(K::PASSWORD_ARGON2_PARALLELISM, integer(1, 64));
			r.emplace(K::PASSWORD_HASH_THREADS, integer(1, 256));
			r.emplace(K::PASSWORD_HASH_QUEUE, integer(1, 100000));
			r.emplace(K::COMPAT_PHONE_ACCESS_TOKEN_LIFETIME, integer(60, 365 * DAY));
			r.emplace(K::OTP_LENGTH, integer(6, 10));
			r.emplace(K::OTP_LIFETIME, integer(1, 3600));
			r.emplace(K::OTP_MAX_ATTEMPTS, integer(1, 10));
			r.emplace(K::OTP_RESEND_INTERVAL, integer(1, 3600));
			r.emplace(K::OTP_MAX_SENDS_PER_HOUR, integer(1, 1000));
			r.emplace(K::PASSWORD_RESET_LIFETIME, integer(1, DAY));
			r.emplace(K::MAIL_TRANSPORT, choice({"outbox", "smtp"}));
			r.emplace(K::MAIL_SMTP_PORT, integer(1, 65535));
			r.emplace(K::MAIL_SMTP_SECURITY, choice({"none", "starttls", "tls"}));
			r.emplace(K::MAIL_SMTP_AUTH_METHOD, choice({"login", "plain"}));
			r.emplace(K::MAIL_SMTP_TIMEOUT, integer(1, 600));
			r.emplace(K::SMS_TRANSPORT, choice({"outbox", "twilio"}));
			r.emplace(K::TWILIO_TIMEOUT, integer(1, 600));
			r.emplace(K::DELIVERY_QUEUE, choice({"auto", "on", "off"}));
			r.emplace(K::DELIVERY_MAX_ATTEMPTS, integer(1, 100));
			r.emplace(K::DELIVERY_RETRY_DELAY, integer(1, 3600));
			r.emplace(K::DELIVERY_MAX_RETRY_DELAY, integer(1, DAY));
			r.emplace(K::DELIVERY_POLL_INTERVAL, integer(10, 60000));
			r.emplace(K::RETENTION_SESSION_DAYS, real(0, 36500));
			r.emplace(K::RETENTION_ONE_TIME_TOKEN_DAYS, real(0, 36500));
			r.emplace(K::AUDIT_RETENTION_DAYS, real(0, 36500));
			r.emplace(K::RETENTION_INTERVAL, integer(1, 7 * DAY));
			return r;
		}();
		return RULES;
	}

	void collectLeaves(const Poco::Util::AbstractConfiguration& config, const std::string& key, std::vector<std::string>& leaves)
		/// Appends the leaves under key: the keys that have no children.
		/// A node with children is never a key of its own: an XML layer
		/// (<config><jwt><accessTokenLifetime>) reports has("jwt") as
		/// true, holding the inner text, although only the leaf is a key.
	{
		Poco::Util::AbstractConfiguration::Keys children;
		config.keys(key, children);
		if (children.empty()) leaves.push_back(key);
		for (const std::string& child: children) collectLeaves(config, key + "." + child, leaves);
	}
}


const std::vector<std::string>& ConfigValidator::prefixes()
{
	static const std::vector<std::string> PREFIXES =
	{
		"app", "paths", "http", "https", "database", "cache", "redis", "jwt", "auth", "session",
		"verification", "rateLimit", "password", "otp", "passwordReset", "phone", "mail", "sms",
		"twilio", "delivery", "metrics", "retention", "audit", "mfa", "webauthn"
	};
	return PREFIXES;
}


std::vector<std::string> ConfigValidator::unknownKeys(const Poco::Util::AbstractConfiguration& config)
{
	const std::vector<std::string>& known = Keys::all();
	std::set<std::string> knownSet(known.begin(), known.end());
	std::vector<std::string> leaves;
	for (const std::string& prefix: prefixes())
		if (config.has(prefix) || [&] { Poco::Util::AbstractConfiguration::Keys k; config.keys(prefix, k); return !k.empty(); }())
			collectLeaves(config, prefix, leaves);
	std::vector<std::string> unknown;
	for (const std::string& key: leaves)
		if (knownSet.count(key) == 0) unknown.push_back(key);
	std::sort(unknown.begin(), unknown.end());
	unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
	return unknown;
}


void ConfigValidator::validate(const Poco::Util::AbstractConfiguration& config)
{
	std::vector<std::string> unknown = unknownKeys(config);
	if (!unknown.empty())
		throw ConfigurationException(unknown.front(), "unknown configuration key (misspelt? every key is listed in Config/AuthServer.properties)");
	ConfigReader reader(config);
	for (const auto& entry: rules())
	{
		const std::string& key = entry.first;
		const Rule& rule = entry.second;
		if (!config.has(key)) continue;
		switch (rule.type)
		{
		case Rule::Int:
			reader.getInt(key, 0, rule.minValue, rule.maxValue);
			break;
		case Rule::Real:
			reader.getNumber(key, 0, rule.minReal, rule.maxReal);
			break;
		case Rule::Bool:
			reader.getBool(key, false);
			break;
		case Rule::Choice:
		{
			std::string value = Poco::trim(reader.getString(key));
			if (std::find_if(rule.choices.begin(), rule.choices.end(), [&](const char* c) { return value == c; }) == rule.choices.end())
			{
				std::string allowed;
				for (const char* c: rule.choices) allowed += (allowed.empty() ? "" : ", ") + std::string(c);
				throw ConfigurationException(key, "'" + value + "' is not one of " + allowed);
			}
			break;
		}
		}
	}
}


} } // namespace AuthServer::Core
