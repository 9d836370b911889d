//
// RateLimiter.h
//
// Per-IP and per-account throttling and login lockout on the shared Cache.
//


#ifndef AuthServer_Identity_RateLimiter_INCLUDED
#define AuthServer_Identity_RateLimiter_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <map>
#include <string>


namespace AuthServer {
namespace Identity {


struct RateLimitSettings
	/// Values of the rateLimit.* keys (Config/AuthServer.properties lists
	/// each with its source). A limit of 0 turns that check off.
{
	struct Bucket
	{
		int perIp = 0;       /// requests per window from one client address
		int perAccount = 0;  /// requests per window naming one account (email/phone)
		int window = 60;     /// seconds
	};

	bool enabled = true;
	std::map<std::string, Bucket> buckets;
		/// login, register, passwordForgot, otpRequest, otpVerify.
	int lockoutThreshold = 5;      /// consecutive failed logins before the first lock
	int lockoutBase = 60;          /// seconds of the first lock; doubles per further failure
	int lockoutMax = 3600;         /// seconds, cap of the back-off
	int lockoutFailureWindow = 86400; /// seconds a failure is remembered without a success

	static RateLimitSettings defaults();
		/// The shipped defaults (see fromConfig).

	static RateLimitSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads rateLimit.enabled, rateLimit.<bucket>.perIp / .perAccount /
		/// .window and rateLimit.lockout.threshold / .baseSeconds /
		/// .maxSeconds / .failureWindow; throws Core::ConfigurationException
		/// naming the key for a value out of range.
};


class RateLimiter
	/// Sliding-window counters on Cache::increment, so every instance
	/// sharing one Redis counts together (OWASP ASVS 2.2.1 anti-automation;
	/// NIST SP 800-63B §5.2.2 rate limiting: at most 100 consecutive
	/// failures per account, here far fewer). Keys hold the window number
	/// and a SHA-256 digest of the subject, never the address itself.
	///
	/// Each request adds one to the counter of its fixed window; the count
	/// it is judged by is that counter plus the previous window's, weighted
	/// by the share of the previous window still inside the last `window`
	/// seconds (the "sliding window counter"). A bare fixed window let a
	/// client send 2 x limit requests across a window boundary; this does
	/// not. Refused requests count too, so a client that keeps hammering
	/// stays refused.
	///
	/// Lockout: each failed login for an email (known or not, so a lock
	/// reveals nothing) adds to a failure count; from lockoutThreshold on,
	/// every further failure locks the email for lockoutBase * 2^(n -
	/// threshold) seconds, at most lockoutMax. A successful login clears the
	/// count; clearLockout() (password reset) clears count and lock.
	///
	/// IdentityModule hands it a Cache::FallbackCache: while the shared
	/// cache is down the counters and locks live in this instance's memory
	/// (never fail open). Should a cache still throw, the checks let
	/// requests through (the password check itself still runs) rather than
	/// refusing everyone.
{
public:
	RateLimiter(Cache::Cache& cache, const RateLimitSettings& settings);

	struct Decision
		/// The outcome of one sliding-window check.
	{
		bool allowed = true;
		int retryAfter = 0; /// seconds until one more request would pass; 0 when allowed
	};

	bool enabled() const;
		/// Returns rateLimit.enabled.

	static Decision decide(Poco::Int64 previous, Poco::Int64 current, int limit, int window, int elapsed);
		/// Judges a request by the sliding-window counter. previous: the
		/// count of the window before; current: the count of this window,
		/// this request included; limit: requests allowed per window (> 0);
		/// window: seconds (> 0); elapsed: seconds since this window began
		/// (0 <= elapsed < window). Allowed when
		/// previous * (window - elapsed) / window + current <= limit.
		/// When refused, retryAfter (1 .. 2 * window seconds) is the time
		/// until one more request would be allowed if none came meanwhile
		/// (RFC 9110 §10.2.3 Retry-After; RFC 6585 §4 429).

	void checkIp(const std::string& bucket, const std::string& ip);
		/// Counts one request of bucket from ip; throws AuthException
		/// rate_limited (429) with Retry-After (see decide) when the
		/// sliding-window count exceeds the bucket's perIp limit.

	void checkAccount(const std::string& bucket, const std::string& account);
		/// The same for the bucket's perAccount limit; account is the
		/// normalised email or E.164 phone number.

	void checkLockout(const std::string& email);
		/// Throws AuthException account_locked (423) with Retry-After while
		/// email is locked.

	void recordFailure(const std::string& email);
		/// Counts a failed login for email and locks it from the threshold
		/// on (see above).

	void recordSuccess(const std::string& email);
		/// Forgets the failures of email.

	void clearLockout(const std::string& email);
		/// Removes the failures and any lock of email (after a password
		/// reset). Throws Poco::IOException when the cache is down.

private:
	void check(const std::string& bucket, const std::string& kind, const std::string& subject, int limit, int window);
	static std::string digest(const std::string& subject);

	Cache::Cache& _cache;
	RateLimitSettings _settings;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_RateLimiter_INCLUDED
