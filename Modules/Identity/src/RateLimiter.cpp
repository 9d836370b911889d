//
// RateLimiter.cpp
//


#include "AuthServer/Identity/RateLimiter.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/AutoPtr.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "Poco/NumberFormatter.h"
#include "Poco/NumberParser.h"
#include "Poco/Util/MapConfiguration.h"
#include <algorithm>


namespace AuthServer {
namespace Identity {


using Core::AuthException;
using Core::Problem;


RateLimitSettings RateLimitSettings::defaults()
{
	Poco::AutoPtr<Poco::Util::MapConfiguration> none(new Poco::Util::MapConfiguration);
	return fromConfig(*none);
}


RateLimitSettings RateLimitSettings::fromConfig(const Poco::Util::AbstractConfiguration& config)
{
	// Limits, windows and their sources (OWASP ASVS 2.2.1, NIST SP 800-63B
	// §5.2.2) are in the key table (Core::ConfigKeyTable, rateLimit.*).
	Core::ConfigReader r(config);
	RateLimitSettings s;
	s.enabled = r.getBool("rateLimit.enabled");
	for (const char* bucket: {"login", "register", "passwordForgot", "otpRequest", "otpVerify",
		"resendVerification", "passwordReset", "passwordChange", "tokenRefresh", "profileUpdate"})
	{
		std::string prefix = std::string("rateLimit.") + bucket + ".";
		s.buckets[bucket] = Bucket{r.getInt(prefix + "perIp"), r.getInt(prefix + "perAccount"), r.getInt(prefix + "window")};
	}
	s.lockoutThreshold = r.getInt("rateLimit.lockout.threshold");
	s.lockoutBase = r.getInt("rateLimit.lockout.baseSeconds");
	s.lockoutMax = r.getInt("rateLimit.lockout.maxSeconds");
	s.lockoutFailureWindow = r.getInt("rateLimit.lockout.failureWindow");
	s.lockoutKnownAddress = r.getInt("rateLimit.lockout.knownAddressSeconds");
	if (s.lockoutMax < s.lockoutBase)
		throw Core::ConfigurationException("rateLimit.lockout.maxSeconds", "must not be below rateLimit.lockout.baseSeconds");
	return s;
}


RateLimiter::RateLimiter(Cache::Cache& cache, const RateLimitSettings& settings):
	_cache(cache),
	_settings(settings)
{
}


bool RateLimiter::enabled() const
{
	return _settings.enabled;
}


std::string RateLimiter::digest(const std::string& subject)
{
	return Core::Digests::sha256Hex(subject).substr(0, 32);
}


RateLimiter::Decision RateLimiter::decide(Poco::Int64 previous, Poco::Int64 current, int limit, int window, int elapsed)
{
	Decision d;
	const Poco::Int64 w = window;
	const Poco::Int64 e = std::clamp(elapsed, 0, window - 1);
	// previous * (w - e) / w + current <= limit, kept in integers.
	if (previous * (w - e) + current * w <= Poco::Int64(limit) * w) return d;
	d.allowed = false;
	Poco::Int64 wait = 0;
	if (current + 1 <= limit && previous > 0)
	{
		// Later in this window: previous * (w - t) + (current + 1) * w <= limit * w
		// holds once the remaining share w - t drops to `remaining`.
		Poco::Int64 remaining = (limit - current - 1) * w / previous;
		wait = (w - remaining) - e;
	}
	else
	{
		// In the next window, where this window's count is the weighted one:
		// current * (w - t) + 1 * w <= limit * w.
		Poco::Int64 remaining = (Poco::Int64(limit) - 1) * w / current;
		wait = (w - e) + (w - remaining);
	}
	d.retryAfter = static_cast<int>(std::clamp<Poco::Int64>(wait, 1, 2 * w));
	return d;
}


void RateLimiter::check(const std::string& bucket, const std::string& kind, const std::string& subject, int limit, int window)
{
	if (!_settings.enabled || limit <= 0 || subject.empty()) return;
	Poco::Int64 now = Core::Clock::now();
	Poco::Int64 slot = now / window;
	int elapsed = static_cast<int>(now % window);
	std::string prefix = "rl:" + bucket + ":" + kind + ":" + digest(subject) + ":";
	Poco::Int64 current = 0;
	Poco::Int64 previous = 0;
	try
	{
		// The counter must outlive its own window: the next one weighs it.
		current = _cache.increment(prefix + Poco::NumberFormatter::format(slot), 2 * window + 1);
		std::optional<std::string> before = _cache.get(prefix + Poco::NumberFormatter::format(slot - 1));
		if (before && !Poco::NumberParser::tryParse64(*before, previous)) previous = 0;
	}
	catch (Poco::IOException& exc)
	{
		Poco::Logger::get("AuthServer.RateLimit").warning("cache down, %s not throttled: %s", bucket, exc.displayText());
		return;
	}
	Decision d = decide(previous, current, limit, window, elapsed);
	if (!d.allowed)
		throw AuthException(Problem::RateLimited, "Too many requests; try again later.").setRetryAfter(d.retryAfter);
}


void RateLimiter::checkIp(const std::string& bucket, const std::string& ip)
{
	auto it = _settings.buckets.find(bucket);
	if (it == _settings.buckets.end()) return;
	check(bucket, "ip", ip, it->second.perIp, it->second.window);
}


void RateLimiter::checkAccount(const std::string& bucket, const std::string& account)
{
	auto it = _settings.buckets.find(bucket);
	if (it == _settings.buckets.end()) return;
	check(bucket, "acct", account, it->second.perAccount, it->second.window);
}


std::string RateLimiter::lockSubject(const std::string& email) const
{
	// The generation changes with every clearLockout(), so a reset ends the
	// per-address locks of every address without knowing them.
	std::optional<std::string> generation = _cache.get("lockgen:" + digest(email));
	return email + "\n" + generation.value_or("0");
}


bool RateLimiter::isKnownAddress(const std::string& email, const std::string& ip)
{
	if (!_settings.enabled || _settings.lockoutThreshold <= 0 || _settings.lockoutKnownAddress <= 0 || ip.empty()) return false;
	try
	{
		return _cache.get("seen:" + digest(email + "\n" + ip)).has_value();
	}
	catch (Poco::IOException&)
	{
		return false;
	}
}


void RateLimiter::checkLockout(const std::string& email, const std::string& ip)
{
	if (!_settings.enabled || _settings.lockoutThreshold <= 0) return;
	Poco::Int64 left = 0;
	try
	{
		std::string subject = lockSubject(email);
		std::vector<std::string> keys{"lock:ip:" + digest(subject + "\n" + ip)};
		if (!isKnownAddress(email, ip)) keys.push_back("lock:" + digest(subject));
		Poco::Int64 now = Core::Clock::now();
		for (const std::string& key: keys)
		{
			std::optional<std::string> until = _cache.get(key);
			Poco::Int64 end = 0;
			if (until && Poco::NumberParser::tryParse64(*until, end)) left = std::max(left, end - now);
		}
	}
	catch (Poco::IOException&)
	{
		return;
	}
	if (left > 0)
		throw AuthException(Problem::AccountLocked, "Too many failed logins; the account is locked for a while.").setRetryAfter(static_cast<int>(left));
}


void RateLimiter::lockAfter(const std::string& failKey, const std::string& lockKey)
{
	Poco::Int64 failures = _cache.increment(failKey, _settings.lockoutFailureWindow);
	if (failures < _settings.lockoutThreshold) return;
	Poco::Int64 seconds = _settings.lockoutBase;
	for (Poco::Int64 i = _settings.lockoutThreshold; i < failures && seconds < _settings.lockoutMax; ++i) seconds *= 2;
	seconds = std::min<Poco::Int64>(seconds, _settings.lockoutMax);
	Poco::Int64 until = Core::Clock::now() + seconds;
	_cache.set(lockKey, Poco::NumberFormatter::format(until), static_cast<int>(seconds));
}


void RateLimiter::recordFailure(const std::string& email, const std::string& ip)
{
	if (!_settings.enabled || _settings.lockoutThreshold <= 0) return;
	try
	{
		std::string subject = lockSubject(email);
		lockAfter("fail:" + digest(subject), "lock:" + digest(subject));
		lockAfter("fail:ip:" + digest(subject + "\n" + ip), "lock:ip:" + digest(subject + "\n" + ip));
	}
	catch (Poco::IOException& exc)
	{
		Poco::Logger::get("AuthServer.RateLimit").warning("cache down, login failure not counted: %s", exc.displayText());
	}
}


void RateLimiter::recordSuccess(const std::string& email, const std::string& ip)
{
	if (!_settings.enabled || _settings.lockoutThreshold <= 0) return;
	try
	{
		std::string subject = lockSubject(email);
		_cache.remove("fail:" + digest(subject));
		_cache.remove("fail:ip:" + digest(subject + "\n" + ip));
		if (_settings.lockoutKnownAddress > 0 && !ip.empty())
			_cache.set("seen:" + digest(email + "\n" + ip), "1", _settings.lockoutKnownAddress);
	}
	catch (Poco::IOException&)
	{
	}
}


bool RateLimiter::recordSessionFailure(const std::string& sessionId)
{
	if (!_settings.enabled || _settings.lockoutThreshold <= 0 || sessionId.empty()) return false;
	try
	{
		return _cache.increment("fail:sid:" + digest(sessionId), _settings.lockoutFailureWindow) >= _settings.lockoutThreshold;
	}
	catch (Poco::IOException& exc)
	{
		Poco::Logger::get("AuthServer.RateLimit").warning("cache down, password failure of a session not counted: %s", exc.displayText());
		return false;
	}
}


void RateLimiter::clearLockout(const std::string& email)
{
	std::string subject = lockSubject(email);
	_cache.remove("fail:" + digest(subject));
	_cache.remove("lock:" + digest(subject));
	// Outlives every key written under the previous generation.
	_cache.set("lockgen:" + digest(email), Core::SecureRandom::token(8), std::max(_settings.lockoutFailureWindow, _settings.lockoutMax) + 60);
}


} } // namespace AuthServer::Identity
