//
// SecondFactorModule.cpp
//


#include "AuthServer/SecondFactor/SecondFactorModule.h"


namespace AuthServer {
namespace SecondFactor {


namespace
{
	Delivery::PayloadCipher* makeCipher(const std::string& key)
	{
		return key.empty() ? nullptr : new Delivery::PayloadCipher(key);
	}
}


SecondFactorModule::SecondFactorModule(Persistence::Database& database, Cache::Cache& cache, Mail::Mailer& mailer,
	Identity::IdentityModule& identity, const SecondFactorSettings& settings):
	_identity(identity),
	_settings(settings),
	_totpStore(database),
	_recoveryCodeStore(database),
	_webAuthnStore(database),
	_pCipher(makeCipher(settings.encryptionKey)),
	_webAuthn(_webAuthnStore, identity.users(), identity.authentication(), cache, identity.audit(), _settings),
	_service(_totpStore, _recoveryCodeStore, _pCipher.get(), identity.users(), identity.passwords(), identity.authentication(),
		identity.rateLimiter(), cache, identity.audit(), mailer, _settings.issuer)
{
	_service.setWebAuthn(&_webAuthn);
	_identity.authentication().setSecondFactorGate(&_service);
}


SecondFactorModule::~SecondFactorModule()
{
	_identity.authentication().setSecondFactorGate(nullptr);
}


SecondFactorService& SecondFactorModule::service()
{
	return _service;
}


} } // namespace AuthServer::SecondFactor
