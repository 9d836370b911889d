//
// SigningKey.h
//
// An RS256 or ES256 key read from PEM files, with its JWK and kid.
//


#ifndef AuthServer_Tokens_SigningKey_INCLUDED
#define AuthServer_Tokens_SigningKey_INCLUDED


#include "Poco/Crypto/EVPPKey.h"
#include "Poco/JSON/Object.h"
#include "Poco/JWT/Signer.h"
#include "Poco/SharedPtr.h"
#include <string>


namespace AuthServer {
namespace Tokens {


class SigningKey
	/// One asymmetric JWS key (RFC 7518 §3.3 RS256, §3.4 ES256) loaded from
	/// PEM through Poco::Crypto, with the POCO JWT Signer that signs (when the
	/// private key is present) or verifies with it, its public JWK (RFC 7517
	/// §4, RFC 7518 §6.2/§6.3: public parameters only) and its `kid`
	/// (configured, or else the RFC 7638 SHA-256 thumbprint).
	/// Refused (Poco::InvalidArgumentException, message without key material):
	/// a missing or unreadable file, a file that is not a PEM key, a key of
	/// the other type, an EC key not on P-256, an RSA key under 2048 bits
	/// (NIST SP 800-131A). Immutable and thread-safe after construction.
{
public:
	using Ptr = Poco::SharedPtr<SigningKey>;

	static Ptr loadPrivate(const std::string& algorithm, const std::string& privateKeyFile, const std::string& keyId = "");
		/// Returns the key pair read from privateKeyFile (PEM, unencrypted);
		/// the public half is derived from it. Can sign and verify.

	static Ptr loadPublic(const std::string& algorithm, const std::string& publicKeyFile, const std::string& keyId = "");
		/// Returns the public key read from publicKeyFile (PEM
		/// SubjectPublicKeyInfo). Can only verify.

	static void generate(const std::string& algorithm, const std::string& directory);
		/// Writes a new key pair into directory (created if needed):
		/// private.pem (mode 0600) and public.pem. RS256: RSA 2048 bits,
		/// e = 65537; ES256: P-256. Throws Poco::InvalidArgumentException for
		/// another algorithm, Poco::FileException when a file exists already
		/// or cannot be written.

	bool matches(const SigningKey& other) const;
		/// Returns whether both keys have the same public key (a private key
		/// and the public key that belongs to it match).

	const std::string& algorithm() const;
		/// Returns "RS256" or "ES256".

	const std::string& keyId() const;
		/// Returns the configured kid or the RFC 7638 thumbprint.

	std::string thumbprint() const;
		/// Returns the RFC 7638 SHA-256 JWK thumbprint, base64url without
		/// padding (43 characters).

	bool canSign() const;
		/// Returns whether the private key is present.

	Poco::JSON::Object::Ptr jwk() const;
		/// Returns the public JWK: kty, kid, alg, use "sig", and n, e (RSA)
		/// or crv, x, y (EC), all base64url without padding. Never d, p, q.

	const Poco::JWT::Signer& signer() const;
		/// Returns a Signer holding this key that accepts only algorithm().

	int bits() const;
		/// Returns the key size in bits.

private:
	SigningKey(const std::string& algorithm, const Poco::Crypto::EVPPKey& key, bool hasPrivate, const std::string& keyId);

	Poco::JSON::Object::Ptr publicParameters() const;
	Poco::JSON::Object::Ptr buildJwk(EVP_PKEY* pKey) const;

	std::string _algorithm;
	Poco::Crypto::EVPPKey _key;
	bool _hasPrivate;
	std::string _keyId;
	Poco::JSON::Object::Ptr _pPublicParameters; // kty and n, e or crv, x, y
	Poco::SharedPtr<Poco::JWT::Signer> _pSigner;
};


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_SigningKey_INCLUDED
