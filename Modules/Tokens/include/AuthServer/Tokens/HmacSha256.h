//
// HmacSha256.h
//
// HMAC-SHA-256 with one secret, through OpenSSL's EVP_MAC.
//


#ifndef AuthServer_Tokens_HmacSha256_INCLUDED
#define AuthServer_Tokens_HmacSha256_INCLUDED


#include <cstddef>
#include <string>


typedef struct evp_mac_st EVP_MAC;
typedef struct evp_mac_ctx_st EVP_MAC_CTX;


namespace AuthServer {
namespace Tokens {


class HmacSha256
	/// HMAC (RFC 2104) over SHA-256 (FIPS 180-4) keyed once: the JWS HS256
	/// algorithm (RFC 7518 §3.2). OpenSSL's libcrypto does the work; the
	/// keyed context (the key's inner and outer pads already hashed) is made
	/// once at construction and copied per call, so a MAC costs two
	/// SHA-256 runs over the data and no key set-up, and no provider fetch.
	/// POCO JWT's HS256 goes through Foundation's software
	/// HMACEngine<SHA2Engine>, about ten times the instructions.
	/// Thread-safe: the keyed context is only read after construction.
	/// Not copyable.
{
public:
	static constexpr std::size_t MAC_BYTES = 32;
		/// Length of an HMAC-SHA-256 value (bytes).

	explicit HmacSha256(const std::string& key);
		/// Keys the MAC with key (bytes, any length; RFC 7518 §3.2 asks
		/// HS256 keys of at least 32 bytes, which TokenService enforces).
		/// Throws Poco::SystemException when OpenSSL cannot provide
		/// HMAC-SHA-256.

	~HmacSha256();

	HmacSha256(const HmacSha256&) = delete;
	HmacSha256& operator = (const HmacSha256&) = delete;

	std::string mac(const char* data, std::size_t length) const;
		/// Returns the MAC_BYTES-byte HMAC of length bytes at data.
		/// Throws Poco::SystemException when OpenSSL fails.

	bool verify(const char* data, std::size_t length, const std::string& expected) const;
		/// Returns true when expected is the HMAC of the data. The compare
		/// takes the same time wherever the first difference is
		/// (CRYPTO_memcmp), so a forger learns nothing from timing
		/// (RFC 7518 §3.2, last paragraph).

private:
	EVP_MAC* _pMac = nullptr;
	EVP_MAC_CTX* _pKeyed = nullptr;
};


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_HmacSha256_INCLUDED
