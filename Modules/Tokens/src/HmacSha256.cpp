//
// HmacSha256.cpp
//


#include "AuthServer/Tokens/HmacSha256.h"
#include "Poco/Exception.h"
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>


namespace AuthServer {
namespace Tokens {


HmacSha256::HmacSha256(const std::string& key)
{
	_pMac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
	if (_pMac) _pKeyed = EVP_MAC_CTX_new(_pMac);
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end()
	};
	// An empty key is passed as one zero byte of length 0: EVP_MAC_init
	// would read a null key as "keep the current one".
	static const unsigned char NO_KEY = 0;
	const unsigned char* pKey = key.empty() ? &NO_KEY : reinterpret_cast<const unsigned char*>(key.data());
	if (!_pKeyed || EVP_MAC_init(_pKeyed, pKey, key.size(), params) != 1)
	{
		EVP_MAC_CTX_free(_pKeyed);
		EVP_MAC_free(_pMac);
		throw Poco::SystemException("OpenSSL cannot provide HMAC-SHA-256");
	}
}


HmacSha256::~HmacSha256()
{
	EVP_MAC_CTX_free(_pKeyed);
	EVP_MAC_free(_pMac);
}


std::string HmacSha256::mac(const char* data, std::size_t length) const
{
	// A copy of the keyed context per call: EVP_MAC_CTX is not safe for
	// concurrent use, the copy starts where the key set-up ended.
	EVP_MAC_CTX* pContext = EVP_MAC_CTX_dup(_pKeyed);
	if (!pContext) throw Poco::SystemException("OpenSSL cannot copy the HMAC context");
	unsigned char out[EVP_MAX_MD_SIZE];
	std::size_t written = 0;
	bool ok = EVP_MAC_update(pContext, reinterpret_cast<const unsigned char*>(data), length) == 1
		&& EVP_MAC_final(pContext, out, &written, sizeof(out)) == 1
		&& written == MAC_BYTES;
	EVP_MAC_CTX_free(pContext);
	if (!ok) throw Poco::SystemException("OpenSSL HMAC-SHA-256 failed");
	return std::string(reinterpret_cast<const char*>(out), written);
}


bool HmacSha256::verify(const char* data, std::size_t length, const std::string& expected) const
{
	if (expected.size() != MAC_BYTES) return false;
	std::string actual = mac(data, length);
	return CRYPTO_memcmp(actual.data(), expected.data(), MAC_BYTES) == 0;
}


} } // namespace AuthServer::Tokens
