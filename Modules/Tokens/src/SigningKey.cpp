//
// SigningKey.cpp
//


#include "AuthServer/Tokens/SigningKey.h"
#include "AuthServer/Core/Base64Url.h"
#include "Poco/Crypto/DigestEngine.h"
#include "Poco/Crypto/ECKey.h"
#include "Poco/Crypto/RSAKey.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <vector>


namespace AuthServer {
namespace Tokens {


namespace
{
	const std::string RS256 = "RS256";
	const std::string ES256 = "ES256";
	constexpr int MIN_RSA_BITS = 2048;  // NIST SP 800-131A Rev. 2, RFC 7518 §3.3
	constexpr int P256_COORDINATE_BYTES = 32;

	std::string bigNumberParam(EVP_PKEY* pKey, const char* name)
		/// Returns the big-endian unsigned bytes (minimal length, RFC 7518
		/// §6.3.1) of an OpenSSL 3 key parameter.
	{
		BIGNUM* pBN = nullptr;
		if (EVP_PKEY_get_bn_param(pKey, name, &pBN) != 1 || !pBN)
			throw Poco::InvalidArgumentException(std::string("the key lacks its public parameter ") + name);
		int size = BN_num_bytes(pBN);
		std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
		int written = BN_bn2binpad(pBN, bytes.data(), size);
		BN_free(pBN);
		if (written != size) throw Poco::InvalidArgumentException(std::string("the key parameter ") + name + " is out of range");
		return std::string(bytes.begin(), bytes.end());
	}

	void checkReadable(const std::string& path)
	{
		if (path.empty()) throw Poco::InvalidArgumentException("no key file given");
		Poco::File file(path);
		if (!file.exists()) throw Poco::InvalidArgumentException(path + " does not exist");
		if (!file.isFile()) throw Poco::InvalidArgumentException(path + " is not a file");
		std::ifstream in(path);
		if (!in) throw Poco::InvalidArgumentException(path + " cannot be read");
	}

	Poco::Crypto::EVPPKey readKey(const std::string& path, bool privateKey)
	{
		checkReadable(path);
		try
		{
			return privateKey ? Poco::Crypto::EVPPKey("", path) : Poco::Crypto::EVPPKey(path, "");
		}
		catch (Poco::Exception&)
		{
			// OpenSSL's message may quote file content: do not pass it on.
			throw Poco::InvalidArgumentException(path + (privateKey ? " is not an unencrypted PEM private key" : " is not a PEM public key"));
		}
	}

	void checkAlgorithm(const std::string& algorithm)
	{
		if (algorithm != RS256 && algorithm != ES256)
			throw Poco::InvalidArgumentException("algorithm " + algorithm + " has no key pair (RS256 or ES256)");
	}
}


SigningKey::Ptr SigningKey::loadPrivate(const std::string& algorithm, const std::string& privateKeyFile, const std::string& keyId)
{
	checkAlgorithm(algorithm);
	return Ptr(new SigningKey(algorithm, readKey(privateKeyFile, true), true, keyId));
}


SigningKey::Ptr SigningKey::loadPublic(const std::string& algorithm, const std::string& publicKeyFile, const std::string& keyId)
{
	checkAlgorithm(algorithm);
	return Ptr(new SigningKey(algorithm, readKey(publicKeyFile, false), false, keyId));
}


SigningKey::SigningKey(const std::string& algorithm, const Poco::Crypto::EVPPKey& key, bool hasPrivate, const std::string& keyId):
	_algorithm(algorithm),
	_key(key),
	_hasPrivate(hasPrivate),
	_keyId(keyId)
{
	EVP_PKEY* pKey = _key;
	if (algorithm == RS256)
	{
		if (_key.type() != EVP_PKEY_RSA) throw Poco::InvalidArgumentException("the key is not an RSA key, as RS256 needs");
		if (EVP_PKEY_get_bits(pKey) < MIN_RSA_BITS)
			throw Poco::InvalidArgumentException("the RSA key has " + std::to_string(EVP_PKEY_get_bits(pKey)) + " bits; at least 2048 are required");
		Poco::SharedPtr<Poco::Crypto::RSAKey> pRSA(new Poco::Crypto::RSAKey(_key));
		_pSigner = new Poco::JWT::Signer(pRSA);
	}
	else
	{
		if (_key.type() != EVP_PKEY_EC) throw Poco::InvalidArgumentException("the key is not an EC key, as ES256 needs");
		char group[64] = {0};
		std::size_t length = 0;
		if (EVP_PKEY_get_utf8_string_param(pKey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), &length) != 1
			|| std::string(group, length) != "prime256v1")
			throw Poco::InvalidArgumentException("the EC key is not on P-256, as ES256 needs (RFC 7518 §3.4)");
		Poco::SharedPtr<Poco::Crypto::ECKey> pEC(new Poco::Crypto::ECKey(_key));
		_pSigner = new Poco::JWT::Signer(pEC);
	}
	_pSigner->setAlgorithms({_algorithm});
	_pPublicParameters = publicParameters();
	if (_keyId.empty()) _keyId = thumbprint();
}


void SigningKey::generate(const std::string& algorithm, const std::string& directory)
{
	checkAlgorithm(algorithm);
	Poco::File(directory).createDirectories();
	std::string privatePath = Poco::Path(Poco::Path::forDirectory(directory), "private.pem").toString();
	std::string publicPath = Poco::Path(Poco::Path::forDirectory(directory), "public.pem").toString();
	for (const std::string& path: {privatePath, publicPath})
		if (Poco::File(path).exists()) throw Poco::FileExistsException(path + " exists; refusing to overwrite a key");
	mode_t old = ::umask(077);
	try
	{
		if (algorithm == RS256)
			Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_2048, Poco::Crypto::RSAKey::EXP_LARGE).save(publicPath, privatePath);
		else
			Poco::Crypto::ECKey("prime256v1").save(publicPath, privatePath);
	}
	catch (...)
	{
		::umask(old);
		throw;
	}
	::umask(old);
	::chmod(privatePath.c_str(), 0600);
	::chmod(publicPath.c_str(), 0644);
}


bool SigningKey::matches(const SigningKey& other) const
{
	return _key == other._key;
}


const std::string& SigningKey::algorithm() const
{
	return _algorithm;
}


const std::string& SigningKey::keyId() const
{
	return _keyId;
}


std::string SigningKey::thumbprint() const
{
	// RFC 7638 §3.2: the required members only, in lexicographic order, no
	// whitespace; the values are base64url and need no JSON escaping.
	const Poco::JSON::Object::Ptr& pJwk = _pPublicParameters;
	std::string canonical;
	if (_algorithm == RS256)
		canonical = "{\"e\":\"" + pJwk->getValue<std::string>("e") + "\",\"kty\":\"RSA\",\"n\":\"" + pJwk->getValue<std::string>("n") + "\"}";
	else
		canonical = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + pJwk->getValue<std::string>("x") + "\",\"y\":\"" + pJwk->getValue<std::string>("y") + "\"}";
	Poco::Crypto::DigestEngine sha256("SHA256");
	sha256.update(canonical);
	const Poco::DigestEngine::Digest& digest = sha256.digest();
	return Core::Base64Url::encode(std::string(digest.begin(), digest.end()));
}


bool SigningKey::canSign() const
{
	return _hasPrivate;
}


Poco::JSON::Object::Ptr SigningKey::publicParameters() const
{
	// Re-read the public half through PEM so OpenSSL 3 holds it as a
	// provider key, whose parameters EVP_PKEY_get_*_param can read.
	std::ostringstream pem;
	_key.save(&pem);
	std::string text = pem.str();
	BIO* pBio = BIO_new_mem_buf(text.data(), static_cast<int>(text.size()));
	EVP_PKEY* pKey = pBio ? PEM_read_bio_PUBKEY(pBio, nullptr, nullptr, nullptr) : nullptr;
	if (pBio) BIO_free(pBio);
	if (!pKey) throw Poco::InvalidArgumentException("the public key cannot be re-read");
	Poco::JSON::Object::Ptr pParameters;
	try
	{
		pParameters = buildJwk(pKey);
	}
	catch (...)
	{
		EVP_PKEY_free(pKey);
		throw;
	}
	EVP_PKEY_free(pKey);
	return pParameters;
}


Poco::JSON::Object::Ptr SigningKey::buildJwk(EVP_PKEY* pKey) const
{
	Poco::JSON::Object::Ptr pJwk(new Poco::JSON::Object);
	if (_algorithm == RS256)
	{
		pJwk->set("kty", "RSA");
		pJwk->set("n", Core::Base64Url::encode(bigNumberParam(pKey, OSSL_PKEY_PARAM_RSA_N)));
		pJwk->set("e", Core::Base64Url::encode(bigNumberParam(pKey, OSSL_PKEY_PARAM_RSA_E)));
	}
	else
	{
		pJwk->set("kty", "EC");
		pJwk->set("crv", "P-256");
		// The public point in SEC 1 §2.3.3 uncompressed form: 0x04 || x || y.
		if (EVP_PKEY_set_utf8_string_param(pKey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED) != 1)
			throw Poco::InvalidArgumentException("the EC key's point format cannot be set");
		unsigned char point[1 + 2 * P256_COORDINATE_BYTES];
		std::size_t length = 0;
		if (EVP_PKEY_get_octet_string_param(pKey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof(point), &length) != 1
			|| length != sizeof(point) || point[0] != 0x04)
			throw Poco::InvalidArgumentException("the EC key's public point cannot be read");
		const char* coordinates = reinterpret_cast<const char*>(point + 1);
		pJwk->set("x", Core::Base64Url::encode(std::string(coordinates, P256_COORDINATE_BYTES)));
		pJwk->set("y", Core::Base64Url::encode(std::string(coordinates + P256_COORDINATE_BYTES, P256_COORDINATE_BYTES)));
	}
	return pJwk;
}


Poco::JSON::Object::Ptr SigningKey::jwk() const
{
	Poco::JSON::Object::Ptr pJwk(new Poco::JSON::Object(*_pPublicParameters));
	pJwk->set("kid", _keyId);
	pJwk->set("alg", _algorithm);
	pJwk->set("use", "sig");
	return pJwk;
}


const Poco::JWT::Signer& SigningKey::signer() const
{
	return *_pSigner;
}


int SigningKey::bits() const
{
	return EVP_PKEY_get_bits(const_cast<Poco::Crypto::EVPPKey&>(_key));
}


} } // namespace AuthServer::Tokens
