//
// PayloadCipher.h
//
// Seals queued messages (they hold one-time codes and links) at rest.
//


#ifndef AuthServer_Delivery_PayloadCipher_INCLUDED
#define AuthServer_Delivery_PayloadCipher_INCLUDED


#include <string>


namespace AuthServer {
namespace Delivery {


class PayloadCipher
	/// AES-256-GCM (NIST SP 800-38D) through POCO Crypto / OpenSSL, so the
	/// codes and links of queued messages are never stored in clear (API.md
	/// "never in plain text in the database", OWASP ASVS 6.2). A sealed
	/// payload is base64(12-byte random IV | 16-byte tag | ciphertext).
{
public:
	explicit PayloadCipher(const std::string& key);
		/// key: 32 raw bytes. Throws Poco::InvalidArgumentException
		/// otherwise.

	std::string seal(const std::string& plaintext) const;
		/// Returns the sealed text.

	std::string open(const std::string& sealed) const;
		/// Returns the plaintext; throws Poco::Exception (e.g.
		/// Poco::Crypto::OpenSSLException) for a payload sealed with another
		/// key or altered.

private:
	std::string _key;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_PayloadCipher_INCLUDED
