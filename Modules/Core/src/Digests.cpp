//
// Digests.cpp
//


#include "AuthServer/Core/Digests.h"
#include "Poco/DigestEngine.h"
#include "Poco/SHA2Engine.h"
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include "Poco/Exception.h"


namespace AuthServer {
namespace Core {


std::string Digests::sha256Hex(const std::string& data)
{
	// OpenSSL's SHA-256 (about a quarter of Foundation's software
	// SHA2Engine's instructions; two per token refresh), with the
	// algorithm fetched once rather than on each call (OpenSSL 3's
	// EVP_sha256() fetches implicitly every time).
	static EVP_MD* const pSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int length = 0;
	if (!pSha256 || EVP_Digest(data.data(), data.size(), digest, &length, pSha256, nullptr) != 1)
		throw Poco::SystemException("OpenSSL SHA-256 failed");
	return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(digest, digest + length));
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
