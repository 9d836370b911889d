//
// Digests.cpp
//


#include "AuthServer/Core/Digests.h"
#include "Poco/DigestEngine.h"
#include "Poco/SHA2Engine.h"
#include <openssl/crypto.h>


namespace AuthServer {
namespace Core {


std::string Digests::sha256Hex(const std::string& data)
{
	Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
	engine.update(data);
	return Poco::DigestEngine::digestToHex(engine.digest());
}


std::string Digests::deriveKey(const std::string& label, const std::string& secret)
{
	Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
	engine.update(label + "\n" + secret);
	const Poco::DigestEngine::Digest& digest = engine.digest();
	return std::string(digest.begin(), digest.end());
}


bool Digests::constantTimeEquals(const std::string& a, const std::string& b)
{
	if (a.size() != b.size()) return false;
	return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}


} } // namespace AuthServer::Core
