//
// PasswordService.h
//
// Password hashing and verification through the bounded pool.
//


#ifndef AuthServer_Identity_PasswordService_INCLUDED
#define AuthServer_Identity_PasswordService_INCLUDED


#include "AuthServer/Identity/HashingPool.h"
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
		/// Returns whether password matches.

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
	std::string _dummy;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordService_INCLUDED
