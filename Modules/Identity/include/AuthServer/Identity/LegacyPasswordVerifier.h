//
// LegacyPasswordVerifier.h
//
// The interface through which PasswordService checks password hashes that
// another system made (imported accounts).
//


#ifndef AuthServer_Identity_LegacyPasswordVerifier_INCLUDED
#define AuthServer_Identity_LegacyPasswordVerifier_INCLUDED


#include <string>


namespace AuthServer {
namespace Identity {


class LegacyPasswordVerifier
	/// Verifies stored password hashes in a format other than this server's
	/// Argon2id PHC strings. PasswordService runs verify() on the bounded
	/// HashingPool and, after a successful login, AuthenticationService
	/// replaces such a hash by Argon2id (OWASP Password Storage Cheat Sheet,
	/// "Upgrading legacy hashes"). Implementations are thread-safe.
{
public:
	virtual ~LegacyPasswordVerifier();

	virtual std::string scheme(const std::string& storedHash) const = 0;
		/// Returns the name of the algorithm storedHash was made with (for
		/// the audit detail, e.g. "pbkdf2_sha256"), or "" when storedHash is
		/// not a hash this verifier can check.

	virtual std::string costClass(const std::string& storedHash) const;
		/// Returns what sets the cost of checking storedHash: its algorithm
		/// and work parameters without salt and hash (PasswordTimingFloor
		/// pads every check to the slowest such class). This default answers
		/// scheme(storedHash).

	virtual bool verify(const std::string& storedHash, const std::string& password) const = 0;
		/// Returns whether password (UTF-8 bytes) matches storedHash, comparing
		/// in constant time. A malformed or unsupported storedHash returns false.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_LegacyPasswordVerifier_INCLUDED
