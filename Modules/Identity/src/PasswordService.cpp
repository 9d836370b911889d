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
	Poco::Timestamp start;
	bool matches = false;
	if (!legacyScheme(phc).empty())
	{
		matches = _pool.run<bool>([this, &phc, &password] { return _pLegacy->verify(phc, password); });
		_legacyMet = true;
	}
	else
		matches = _pool.run<bool>([this, &phc, &password] { return _hasher.verify(phc, password); });
	std::string cost = costClass(phc);
	if (!_timing.knows(cost)) _timing.record(cost, Poco::Timespan(start.elapsed()));
	// Until a legacy hash was met nothing is padded (and the count of
	// accounts left is never asked).
	if (_legacyMet) _timing.padFrom(start);
	return matches;
}


void PasswordService::calibrate(const std::vector<std::string>& storedHashes)
{
	std::string password = Core::SecureRandom::token(24);
	burn(password);
	for (const std::string& stored: storedHashes) verify(stored, password);
}


std::string PasswordService::costClass(const std::string& storedHash) const
{
	if (!legacyScheme(storedHash).empty()) return _pLegacy->costClass(storedHash);
	// $argon2id$v=19$m=..,t=..,p=..$salt$hash: up to the fourth '$'.
	std::size_t end = 0;
	for (int i = 0; i < 3 && end != std::string::npos; ++i) end = storedHash.find('$', end + 1);
	return storedHash.substr(0, end);
}


PasswordTimingFloor& PasswordService::timing()
{
	return _timing;
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
