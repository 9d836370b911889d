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
#include <string>


namespace AuthServer {
namespace Identity {


class PasswordService
	/// Runs every Argon2id hash and verify on the HashingPool, and keeps a
	/// dummy hash so that a login for an unknown account costs one verify
	/// like a known one (OWASP ASVS 2.2 / 3.x enumeration by timing).
	/// Throws Core::AuthException service_unavailable when the pool's
	/// queue is full.
{
public:
	PasswordService(const PasswordHasher::Cost& cost, unsigned threads, unsigned queueLimit, const PasswordPolicy& policy);

	std::string hash(const std::string& password);
		/// Returns the Argon2id PHC string.

	bool verify(const std::string& phc, const std::string& password);
		/// Returns whether password matches phc: an Argon2id PHC string, or
		/// a hash the legacy verifier (if set) recognises. Both run on the pool.

	void setLegacyVerifier(const LegacyPasswordVerifier* pVerifier);
		/// Sets (or with nullptr removes) the verifier of imported hashes
		/// (Django's, issue 18). Call before serving; not owned.

	std::string legacyScheme(const std::string& storedHash) const;
		/// Returns the legacy algorithm name of storedHash ("" for Argon2id,
		/// an unknown format or no legacy verifier): a non-empty answer
		/// means a successful login should store Argon2id instead.

	void burn(const std::string& password);
		/// Verifies password against the dummy hash and discards the result.

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
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordService_INCLUDED
