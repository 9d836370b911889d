//
// Digests.h
//
// SHA-256 fingerprints of secrets that must be stored but never in clear.
//


#ifndef AuthServer_Core_Digests_INCLUDED
#define AuthServer_Core_Digests_INCLUDED


#include <string>


namespace AuthServer {
namespace Core {


class Digests
	/// Hashing for high-entropy secrets (refresh tokens, link tokens) that
	/// are looked up by their hash: OWASP ASVS 2.10 / 3.5 "store hashed".
	/// Low-entropy codes are salted (sha256Hex(salt + code)).
{
public:
	static std::string sha256Hex(const std::string& data);
		/// Returns the SHA-256 (FIPS 180-4) digest of data as 64 lower-case
		/// hex characters.

	static bool constantTimeEquals(const std::string& a, const std::string& b);
		/// Compares two strings in time that depends only on their lengths
		/// (OpenSSL CRYPTO_memcmp), for comparing secrets' digests.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_Digests_INCLUDED
