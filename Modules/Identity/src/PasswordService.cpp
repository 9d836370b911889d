//
// PasswordService.cpp
//


#include "AuthServer/Identity/PasswordService.h"
#include "AuthServer/Core/SecureRandom.h"


namespace AuthServer {
namespace Identity {


PasswordService::PasswordService(const PasswordHasher::Cost& cost, unsigned threads, unsigned queueLimit, const PasswordPolicy& policy):
	_hasher(cost),
	_pool(threads, queueLimit),
	_policy(policy),
	_dummy(_hasher.hash(Core::SecureRandom::token(24)))
{
}


std::string PasswordService::hash(const std::string& password)
{
	return _pool.run<std::string>([this, &password] { return _hasher.hash(password); });
}


bool PasswordService::verify(const std::string& phc, const std::string& password)
{
	if (!legacyScheme(phc).empty())
		return _pool.run<bool>([this, &phc, &password] { return _pLegacy->verify(phc, password); });
	return _pool.run<bool>([this, &phc, &password] { return _hasher.verify(phc, password); });
}


void PasswordService::setLegacyVerifier(const LegacyPasswordVerifier* pVerifier)
{
	_pLegacy = pVerifier;
}


std::string PasswordService::legacyScheme(const std::string& storedHash) const
{
	if (!_pLegacy || storedHash.compare(0, 10, "$argon2id$") == 0) return std::string();
	return _pLegacy->scheme(storedHash);
}


void PasswordService::burn(const std::string& password)
{
	verify(_dummy, password);
}


const PasswordPolicy& PasswordService::policy() const
{
	return _policy;
}


HashingPool& PasswordService::pool()
{
	return _pool;
}


} } // namespace AuthServer::Identity
