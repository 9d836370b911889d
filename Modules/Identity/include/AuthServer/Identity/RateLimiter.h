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
#include <optional>
#include <vector>
#include <string>


namespace AuthServer {
namespace Identity {


struct RateLimitSettings
	/// Values of the rateLimit.* keys (their defaults, ranges and sources
	/// are in Core::ConfigKeyTable; use defaults() or fromConfig()). A
	/// limit of 0 turns that check off.
{
	struct Bucket
	{
		int perIp = 0;       /// requests per window from one client address
		int perAccount = 0;  /// requests per window naming one account (email/phone)
		int window = 1;      /// seconds
	};

	bool enabled = true;
	std::map<std::string, Bucket> buckets;
		/// login, register, passwordForgot, otpRequest, otpVerify,
		/// resendVerification, passwordReset, passwordChange, tokenRefresh,
		/// profileUpdate.
	int lockoutThreshold = 0;      /// consecutive failed logins before the first lock (0: no lockout)
	int lockoutBase = 1;           /// seconds of the first lock; doubles per further failure
	int lockoutMax = 1;            /// seconds, cap of the back-off
	int lockoutFailureWindow = 60; /// seconds a failure is remembered without a success
	int lockoutKnownAddress = 0;   /// seconds an address that logged in stays exempt from the account-wide lock (0: never)

	static RateLimitSettings defaults();
		/// The defaults of the key table (fromConfig of an empty configuration).

	static RateLimitSettings fromConfig(const Poco::Util::AbstractConfiguration& config);
		/// Reads rateLimit.enabled, rateLimit.<bucket>.perIp / .perAccount /
		/// .window and rateLimit.lockout.threshold / .baseSeconds /
		/// .maxSeconds / .failureWindow / .knownAddressSeconds; throws Core::ConfigurationException
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
	/// reveals nothing) adds to two failure counts, one of the email and one
	/// of the (email, client address) pair; from lockoutThreshold on, every
	/// further failure locks that subject for lockoutBase * 2^(n -
	/// threshold) seconds, at most lockoutMax (15 minutes by default). The
	/// pair's lock holds for its address; the email's lock holds for every
	/// address except those that logged in to the account successfully in
	/// the last lockoutKnownAddress seconds, so a stranger cannot lock the
	/// owner out from where the owner signs in (issue 17 finding 6; OWASP
	/// ASVS 2.2.1 "soft lockout" with a "first login on a device"
	/// restriction, NIST SP 800-63B §5.2.2). A successful login clears the
	/// counts of the email and of the pair; clearLockout() (password reset)
	/// clears every count and lock of the email, on every address.
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

	void checkLockout(const std::string& email, const std::string& ip);
		/// Throws AuthException account_locked (423) with Retry-After while
		/// the (email, ip) pair is locked, or the email is and ip is not a
		/// known address of it (isKnownAddress).

	bool isKnownAddress(const std::string& email, const std::string& ip);
		/// Returns whether a login to email succeeded from ip within the
		/// last rateLimit.lockout.knownAddressSeconds (false when off or
		/// the cache is down).

	void recordFailure(const std::string& email, const std::string& ip);
		/// Counts a failed login (or a wrong current password) for email
		/// from ip and locks the email and the pair from the threshold on
		/// (see above).

	void recordSuccess(const std::string& email, const std::string& ip);
		/// Forgets the failures of email and of the pair, and remembers ip
		/// as a known address of email.

	bool recordSessionFailure(const std::string& sessionId);
		/// Counts a wrong current password given through one session
		/// (password/change); returns true once the session has reached
		/// rateLimit.lockout.threshold failures within failureWindow (the
		/// caller ends it). False when the lockout is off or the cache down.

	void clearLockout(const std::string& email);
		/// Removes the failures and locks of email on every address (after
		/// a password reset) by starting a new lock generation. Throws
		/// Poco::IOException when the cache is down.

private:
	void check(const std::string& bucket, const std::string& kind, const std::string& subject, int limit, int window);
	static std::string digest(const std::string& subject);
	std::string lockSubject(const std::string& email) const;
		/// email plus its lock generation; throws Poco::IOException.
	void lockAfter(const std::string& failKey, const std::string& lockKey);

	Cache::Cache& _cache;
	RateLimitSettings _settings;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_RateLimiter_INCLUDED
