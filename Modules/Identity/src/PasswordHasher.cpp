//
// PasswordHasher.cpp
//


#include "AuthServer/Identity/PasswordHasher.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Exception.h"
#include <argon2.h>
#include <vector>


namespace AuthServer {
namespace Identity {


namespace
{
	constexpr std::size_t SALT_BYTES = 16;
	constexpr std::size_t TAG_BYTES = 32;
}


PasswordHasher::PasswordHasher(const Cost& cost):
	_cost(cost)
{
	if (cost.parallelism < 1 || cost.iterations < 1 || cost.memoryKiB < 8 * cost.parallelism)
		throw Poco::InvalidArgumentException("Argon2id cost below RFC 9106 minimums");
}


std::string PasswordHasher::hash(const std::string& password) const
{
	std::string salt = Core::SecureRandom::bytes(SALT_BYTES);
	std::size_t length = argon2_encodedlen(_cost.iterations, _cost.memoryKiB, _cost.parallelism, SALT_BYTES, TAG_BYTES, Argon2_id);
	std::vector<char> encoded(length);
	int rc = argon2id_hash_encoded(_cost.iterations, _cost.memoryKiB, _cost.parallelism,
		password.data(), password.size(), salt.data(), salt.size(), TAG_BYTES, encoded.data(), encoded.size());
	if (rc != ARGON2_OK) throw Poco::RuntimeException("argon2id hashing failed", argon2_error_message(rc));
	return std::string(encoded.data());
}


bool PasswordHasher::verify(const std::string& phc, const std::string& password) const
{
	if (phc.compare(0, 10, "$argon2id$") != 0) return false;
	return argon2id_verify(phc.c_str(), password.data(), password.size()) == ARGON2_OK;
}


bool PasswordHasher::needsRehash(const std::string& phc) const
{
	std::string params = "$m=" + std::to_string(_cost.memoryKiB) + ",t=" + std::to_string(_cost.iterations) + ",p=" + std::to_string(_cost.parallelism) + "$";
	return phc.find(params) == std::string::npos;
}


const PasswordHasher::Cost& PasswordHasher::cost() const
{
	return _cost;
}


} } // namespace AuthServer::Identity
