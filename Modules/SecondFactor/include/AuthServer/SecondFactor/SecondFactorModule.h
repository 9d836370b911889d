//
// SecondFactorModule.h
//
// Wires the second-factor stores and service to the identity module.
//


#ifndef AuthServer_SecondFactor_SecondFactorModule_INCLUDED
#define AuthServer_SecondFactor_SecondFactorModule_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/SecondFactor/RecoveryCodeStore.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"
#include "AuthServer/SecondFactor/SecondFactorSettings.h"
#include "AuthServer/SecondFactor/TotpStore.h"
#include "AuthServer/SecondFactor/WebAuthnCredentialStore.h"
#include "AuthServer/SecondFactor/WebAuthnService.h"
#include <memory>


namespace AuthServer {
namespace SecondFactor {


class SecondFactorModule
	/// Owns the totp_factors, recovery_codes and webauthn_credentials
	/// stores, the passkey service, the cipher of the
	/// secrets and the service, and registers the service as the identity
	/// module's SecondFactorGate (so logins ask it) for its lifetime.
{
public:
	SecondFactorModule(Persistence::Database& database, Cache::Cache& cache, Mail::Mailer& mailer,
		Identity::IdentityModule& identity, const SecondFactorSettings& settings);

	~SecondFactorModule();
		/// Unregisters the gate.

	SecondFactorService& service();

private:
	Identity::IdentityModule& _identity;
	SecondFactorSettings _settings;
	TotpStore _totpStore;
	RecoveryCodeStore _recoveryCodeStore;
	WebAuthnCredentialStore _webAuthnStore;
	std::unique_ptr<Delivery::PayloadCipher> _pCipher;
	WebAuthnService _webAuthn;
	SecondFactorService _service;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_SecondFactorModule_INCLUDED
