//
// WebAuthnService.h
//
// Passkeys: registration, passwordless login and second-factor assertions.
//


#ifndef AuthServer_SecondFactor_WebAuthnService_INCLUDED
#define AuthServer_SecondFactor_WebAuthnService_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/Principal.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Persistence/UserStore.h"
#include "AuthServer/SecondFactor/SecondFactorSettings.h"
#include "AuthServer/SecondFactor/WebAuthnCredential.h"
#include "AuthServer/SecondFactor/WebAuthnCredentialStore.h"
#include "AuthServer/SecondFactor/WebAuthnVerifier.h"
#include "Poco/JSON/Object.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


class WebAuthnService
	/// The passkey rules of API.md "Second factors" (W3C WebAuthn Level 2;
	/// options in the JSON encoding of Level 3 §5.1.8-9: binary members
	/// base64url). Ceremony challenges are 32 random bytes kept in the
	/// cache for CHALLENGE_LIFETIME, single use (the cache's remove decides
	/// between concurrent answers), so they hold across instances sharing
	/// the cache. Verification: WebAuthnVerifier; every failure throws
	/// Core::AuthException invalid_credential (400) and records its reason
	/// in the audit log only. Other exceptions: validation_error (missing
	/// credential, name too long), not_found, account_inactive,
	/// Poco::Data::DataException when the database fails.
{
public:
	static constexpr int CHALLENGE_LIFETIME = 300;   /// seconds a ceremony challenge lives
	static constexpr int MAX_CREDENTIALS = 20;       /// passkeys one account may hold
	static constexpr std::size_t MAX_NAME = 64;      /// characters of a passkey's name

	WebAuthnService(WebAuthnCredentialStore& store, Persistence::UserStore& users, Identity::AuthenticationService& authentication,
		Cache::Cache& cache, Identity::AuditLog& audit, const SecondFactorSettings& settings);

	Poco::JSON::Object::Ptr registrationOptions(const Identity::Principal& principal);
		/// POST /api/auth/webauthn/register/options: PublicKeyCredential-
		/// CreationOptionsJSON (rp, user with the account's user handle,
		/// challenge, pubKeyCredParams EdDSA/ES256/RS256, timeout in ms,
		/// excludeCredentials, residentKey and userVerification
		/// "preferred", attestation "none"). Throws conflict at
		/// MAX_CREDENTIALS passkeys.

	WebAuthnCredential completeRegistration(const Identity::Principal& principal, const Poco::JSON::Object::Ptr& credential,
		const std::string& name, const Identity::RequestContext& context);
		/// POST /api/auth/webauthn/register/verify: checks a
		/// RegistrationResponseJSON against a live challenge of this user
		/// (spent) and stores the passkey; audit passkey_added. name: up to
		/// MAX_NAME characters, default "Passkey". Throws invalid_credential
		/// (also for a credential id registered already), validation_error.

	std::vector<WebAuthnCredential> credentials(Poco::Int64 userId);
		/// GET /api/auth/webauthn/credentials: the user's passkeys.

	void removeCredential(const Identity::Principal& principal, const std::string& id, const Identity::RequestContext& context);
		/// DELETE /api/auth/webauthn/credentials/{id}: audit
		/// passkey_removed. Throws not_found for an id not the user's.

	Poco::JSON::Object::Ptr loginOptions(const std::string& email);
		/// POST /api/auth/webauthn/login/options: PublicKeyCredential-
		/// RequestOptionsJSON with userVerification "required". Without
		/// email, allowCredentials is empty (discoverable credentials);
		/// with one, it lists the account's passkeys, or for an unknown
		/// email (or one without passkeys) one stable made-up id derived
		/// from the email, so the answer does not tell whether the account
		/// exists (OWASP ASVS 2.2.x / 3.x account enumeration).

	Identity::TokenPair completeLogin(const Poco::JSON::Object::Ptr& credential, const Identity::RequestContext& context);
		/// POST /api/auth/webauthn/login/verify: checks an
		/// AuthenticationResponseJSON against a live login challenge
		/// (spent), with user verification required (a passkey with UV is
		/// multi-factor, NIST SP 800-63B §5.1.8 / §4.2.1 AAL2), and starts a
		/// session as a two-factor login. Throws invalid_credential,
		/// account_inactive.

	bool hasCredentials(Poco::Int64 userId);

	Poco::JSON::Object::Ptr secondFactorOptions(Poco::Int64 userId, std::string& challenge);
		/// Request options for a second-factor assertion of userId (its
		/// passkeys allowed, userVerification "preferred"); challenge gets
		/// the base64url challenge, which the caller keeps with its login
		/// challenge (no cache entry of its own).

	bool verifySecondFactor(Poco::Int64 userId, const Poco::JSON::Object::Ptr& credential, const std::string& challenge,
		const Identity::RequestContext& context);
		/// Returns whether credential is a valid assertion of one of
		/// userId's passkeys over challenge (base64url; user presence
		/// required, not verification); the reason of a refusal is
		/// audited. Never throws for a bad credential.

	int removeAll(Poco::Int64 userId);
		/// Removes every passkey of the user (admin reset).

private:
	struct Assertion
	{
		WebAuthnCredential credential;
		Poco::UInt32 signCount = 0;
	};

	Assertion verifyAssertion(const Poco::JSON::Object::Ptr& credential, const std::string& challenge, bool requireUserVerification,
		std::optional<Poco::Int64> userId);
	Poco::JSON::Object::Ptr requestOptions(const std::string& challenge, const std::string& userVerification) const;
	std::string newChallenge() const;
	std::string userHandleOf(Poco::Int64 userId);
	static std::string cacheKey(const std::string& ceremony, const std::string& challenge);

	WebAuthnCredentialStore& _store;
	Persistence::UserStore& _users;
	Identity::AuthenticationService& _authentication;
	Cache::Cache& _cache;
	Identity::AuditLog& _audit;
	SecondFactorSettings _settings;
	WebAuthnVerifier _verifier;
	std::string _decoySecret;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_WebAuthnService_INCLUDED
