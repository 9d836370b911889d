//
// PasswordHasher.h
//
// Argon2id password hashing in the PHC string format, via libargon2.
//


#ifndef AuthServer_Identity_PasswordHasher_INCLUDED
#define AuthServer_Identity_PasswordHasher_INCLUDED


#include <cstdint>
#include <string>


namespace AuthServer {
namespace Identity {


class PasswordHasher
	/// Hashes and verifies passwords with Argon2id (RFC 9106), the first
	/// choice of the OWASP Password Storage Cheat Sheet and NIST SP 800-63B
	/// §5.1.1.2, at m=19456 KiB, t=2, p=1 by default. Hashes are PHC
	/// strings "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" with a 16-byte
	/// random salt and a 32-byte tag. CPU- and memory-heavy (tens of ms,
	/// memoryKiB KiB each): call it through HashingPool. Thread-safe.
{
public:
	struct Cost
	{
		std::uint32_t memoryKiB = 19456;
		std::uint32_t iterations = 2;
		std::uint32_t parallelism = 1;
	};

	explicit PasswordHasher(const Cost& cost);
		/// Throws Poco::InvalidArgumentException for a cost below RFC 9106's
		/// minimums (m >= 8 * p KiB, t >= 1, p >= 1).

	std::string hash(const std::string& password) const;
		/// Returns the PHC string for password (any bytes, never
		/// truncated). Throws Poco::RuntimeException if libargon2 fails
		/// (e.g. out of memory).

	bool verify(const std::string& phc, const std::string& password) const;
		/// Returns whether password matches phc; the tag comparison inside
		/// libargon2 is constant-time. A malformed phc returns false.

	bool needsRehash(const std::string& phc) const;
		/// Returns whether phc was made with another cost than this one.

	const Cost& cost() const;

private:
	Cost _cost;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordHasher_INCLUDED
