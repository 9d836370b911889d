//
// CoseKey.h
//
// A credential public key in COSE_Key form (RFC 9052 §7, RFC 9053).
//


#ifndef AuthServer_SecondFactor_CoseKey_INCLUDED
#define AuthServer_SecondFactor_CoseKey_INCLUDED


#include <memory>
#include <string>


typedef struct evp_pkey_st EVP_PKEY;


namespace AuthServer {
namespace SecondFactor {


class CoseKey
	/// The public key of a passkey as the authenticator gave it (a CBOR
	/// map, decoded with libcbor), turned into an OpenSSL EVP_PKEY to check
	/// assertion signatures. Supported algorithms (W3C WebAuthn Level 2
	/// §5.8.5, the ones every authenticator offers): ES256 (-7: kty EC2,
	/// crv P-256, RFC 9053 §2.1), RS256 (-257: kty RSA, RFC 8812 §2, modulus
	/// of 2048 bits at least) and EdDSA (-8: kty OKP, crv Ed25519, RFC 9053
	/// §2.2).
{
public:
	static constexpr int ES256 = -7;
	static constexpr int RS256 = -257;
	static constexpr int EDDSA = -8;

	static CoseKey parse(const std::string& cbor);
		/// Decodes cbor (the COSE_Key bytes, nothing after them). Throws
		/// WebAuthnException "unsupported algorithm" for another alg or
		/// key type, "malformed public key" for anything else wrong (bad
		/// CBOR, missing or wrong-sized members, a point not on the curve).

	int algorithm() const;
		/// Returns the COSE alg value (-7, -257 or -8).

	bool verify(const std::string& data, const std::string& signature) const;
		/// Returns whether signature (ES256: ASN.1 DER ECDSA; RS256:
		/// RSASSA-PKCS1-v1_5; EdDSA: 64 bytes) is valid over data with
		/// SHA-256 (EdDSA: PureEdDSA, no pre-hash). Never throws for a
		/// bad signature.

private:
	CoseKey(int algorithm, EVP_PKEY* pKey);

	int _algorithm;
	std::shared_ptr<EVP_PKEY> _pKey;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_CoseKey_INCLUDED
