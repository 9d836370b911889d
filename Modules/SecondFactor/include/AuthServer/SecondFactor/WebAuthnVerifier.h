//
// WebAuthnVerifier.h
//
// The relying party's checks of W3C WebAuthn Level 2 §7.1 and §7.2.
//


#ifndef AuthServer_SecondFactor_WebAuthnVerifier_INCLUDED
#define AuthServer_SecondFactor_WebAuthnVerifier_INCLUDED


#include "Poco/Types.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


class WebAuthnVerifier
	/// Verifies a new passkey (registration ceremony, WebAuthn L2 §7.1) and
	/// an assertion made with a stored one (authentication ceremony, §7.2)
	/// for one relying party: rpId (a host name) and the origins allowed
	/// to run the ceremony (webauthn.origins). All inputs are the raw bytes
	/// (base64url already decoded). CBOR is read with libcbor, signatures
	/// checked with OpenSSL EVP (CoseKey). Attestation statements are not
	/// checked: every format is treated as "none" (§8.7), so a passkey
	/// proves possession of its key, not its make.
	///
	/// Every refusal throws WebAuthnException naming the reason: "wrong
	/// type", "wrong challenge", "origin not allowed", "cross-origin",
	/// "wrong rpId", "user not present", "user not verified", "sign counter
	/// did not grow", "bad signature", "unsupported algorithm", "malformed
	/// ..." (bad JSON, CBOR or lengths).
{
public:
	struct Registration
	{
		std::string credentialId;   /// raw bytes, 1..1023
		std::string publicKey;      /// COSE_Key CBOR bytes, as the authenticator gave them
		int algorithm = 0;          /// COSE alg
		Poco::UInt32 signCount = 0;
		bool userVerified = false;
		bool backupEligible = false;
	};

	struct Assertion
	{
		Poco::UInt32 signCount = 0;
		bool userVerified = false;
	};

	WebAuthnVerifier(const std::string& rpId, const std::vector<std::string>& origins);

	Registration verifyRegistration(const std::string& clientDataJson, const std::string& attestationObject,
		const std::string& challenge, bool requireUserVerification) const;
		/// §7.1 steps 5-21: clientDataJSON type "webauthn.create", its
		/// challenge the base64url of challenge (bytes), its origin one of
		/// the allowed, not cross-origin; the attestationObject a CBOR map
		/// {fmt, attStmt, authData}; authData's rpIdHash = SHA-256(rpId), UP
		/// set, UV set when requireUserVerification, attested credential
		/// data present, its key a supported COSE_Key.

	Assertion verifyAssertion(const std::string& clientDataJson, const std::string& authenticatorData, const std::string& signature,
		const std::string& challenge, const std::string& publicKey, Poco::UInt32 storedSignCount, bool requireUserVerification) const;
		/// §7.2 steps 11-21: clientDataJSON type "webauthn.get", challenge,
		/// origin as above; rpIdHash, UP, UV when required; the signature
		/// over authenticatorData ‖ SHA-256(clientDataJSON) with publicKey
		/// (COSE_Key bytes); the sign counter greater than storedSignCount
		/// unless both are 0 (§6.1.1: a cloned authenticator).

	static std::string clientDataChallenge(const std::string& clientDataJson);
		/// Returns the challenge member of clientDataJSON (base64url text)
		/// so the caller can find the ceremony it answers, or "" when the
		/// JSON is malformed. Never throws.

private:
	void checkClientData(const std::string& clientDataJson, const std::string& type, const std::string& challenge) const;
	void checkAuthenticatorData(const std::string& authenticatorData, bool requireUserVerification) const;

	std::string _rpIdHash;
	std::vector<std::string> _origins;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_WebAuthnVerifier_INCLUDED
