//
// SecureRandom.h
//
// Cryptographically secure random values for ids, tokens and codes.
//


#ifndef AuthServer_Core_SecureRandom_INCLUDED
#define AuthServer_Core_SecureRandom_INCLUDED


#include <string>


namespace AuthServer {
namespace Core {


class SecureRandom
	/// Draws from OpenSSL's CSPRNG (RAND_bytes), as OWASP ASVS 6.3.1 and
	/// NIST SP 800-63B §5.1.1 require for secrets, session ids and OTPs.
	/// Throws Poco::SystemException if the generator fails.
{
public:
	static std::string bytes(std::size_t count);
		/// Returns count random bytes.

	static std::string token(std::size_t byteCount = 32);
		/// Returns byteCount random bytes as unpadded base64url (RFC 4648
		/// §5): 32 bytes (256 bits) give 43 characters.

	static std::string digits(std::size_t count);
		/// Returns count uniformly random decimal digits (rejection
		/// sampling, no modulo bias), e.g. a 6-digit OTP.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_SecureRandom_INCLUDED
