//
// PasswordService.h
//
// Password hashing and verification through the bounded pool.
//


#ifndef AuthServer_Identity_PasswordService_INCLUDED
#define AuthServer_Identity_PasswordService_INCLUDED


#include "AuthServer/Identity/HashingPool.h"
#include "AuthServer/Identity/LegacyPasswordVerifier.h"
#include "AuthServer/Identity/PasswordHasher.h"
#include "AuthServer/Identity/PasswordPolicy.h"
#include "AuthServer/Identity/PasswordTimingFloor.h"
#include <atomic>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class PasswordService
	/// Runs every Argon2id hash and verify on the HashingPool, and keeps a
	/// dummy hash so that a login for an unknown account costs one verify
	/// like a known one (OWASP ASVS 2.2 / 3.x enumeration by timing).
	/// While imported accounts keep hashes of another cost, every check
	/// (verify and burn) is padded to the slowest cost class through a
	/// PasswordTimingFloor (COMPAT.md "Timing").
	/// Throws Core::AuthException service_unavailable when the pool's
	/// queue is full.
{
public:
	PasswordService(const PasswordHasher::Cost& cost, unsigned threads, unsigned queueLimit, const PasswordPolicy& policy);

	std::string hash(const std::string& password);
		/// Returns the Argon2id PHC string.

	bool verify(const std::string& phc, const std::string& password);
		/// Returns whether password matches phc: an Argon2id PHC string, or
		/// a hash the legacy verifier (if set) recognises. Both run on the
		/// pool; the call lasts at least timing().floor() (padding waits on
		/// the calling thread), and a cost class met the first time is timed.

	void calibrate(const std::vector<std::string>& storedHashes);
		/// Times one check of each hash given (one per cost class stored,
		/// with a random password) and of the dummy, so the padding holds
		/// from the first login. Takes the sum of their costs (seconds).

	void setLegacyVerifier(const LegacyPasswordVerifier* pVerifier);
		/// Sets (or with nullptr removes) the verifier of imported hashes
		/// (Django's, issue 18). Call before serving; not owned.

	std::string legacyScheme(const std::string& storedHash) const;
		/// Returns the legacy algorithm name of storedHash ("" for Argon2id,
		/// an unknown format or no legacy verifier): a non-empty answer
		/// means a successful login should store Argon2id instead.

	void burn(const std::string& password);
		/// Verifies password against the dummy hash and discards the result
		/// (padded as verify is).

	std::string costClass(const std::string& storedHash) const;
		/// Returns the algorithm and parameters of storedHash without salt
		/// and hash ("$argon2id$v=19$m=19456,t=2,p=1", "pbkdf2_sha256$600000").

	PasswordTimingFloor& timing();
		/// Returns the padding (its counter is set by the application).

	const PasswordPolicy& policy() const;
		/// Returns the password policy.

	HashingPool& pool();
		/// Returns the pool (metrics).

private:
	PasswordHasher _hasher;
	HashingPool _pool;
	const PasswordPolicy& _policy;
	const LegacyPasswordVerifier* _pLegacy = nullptr;
	std::string _dummy;
	PasswordTimingFloor _timing;
	std::atomic<bool> _legacyMet{false};
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordService_INCLUDED
