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

	static std::string deriveKey(const std::string& label, const std::string& secret);
		/// Returns a 32-byte key (raw bytes, for AES-256-GCM) derived from
		/// an operator secret as SHA-256(label "\n" secret): one key per
		/// label (the delivery queue's, the TOTP secrets'), so a key serves
		/// one purpose only (NIST SP 800-57 Part 1 §5.2). secret is
		/// already high-entropy (a generated or configured key), so no
		/// stretching is needed.

	static bool constantTimeEquals(const std::string& a, const std::string& b);
		/// Compares two strings in time that depends only on their lengths
		/// (OpenSSL CRYPTO_memcmp), for comparing secrets' digests.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_Digests_INCLUDED
