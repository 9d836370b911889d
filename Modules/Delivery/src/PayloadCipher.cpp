//
// PayloadCipher.cpp
//


#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Crypto/Cipher.h"
#include "Poco/Crypto/CipherFactory.h"
#include "Poco/Crypto/CipherKey.h"
#include "Poco/Exception.h"
#include "Poco/StreamCopier.h"
#include <sstream>
#include <vector>


namespace AuthServer {
namespace Delivery {


namespace
{
	constexpr std::size_t IV_SIZE = 12;
	constexpr std::size_t TAG_SIZE = 16;

	Poco::Crypto::Cipher::Ptr cipher(const std::string& key, const std::string& iv)
	{
		Poco::Crypto::CipherKey::ByteVec k(key.begin(), key.end());
		Poco::Crypto::CipherKey::ByteVec v(iv.begin(), iv.end());
		return Poco::Crypto::Cipher::Ptr(Poco::Crypto::CipherFactory::defaultFactory().createCipher(Poco::Crypto::CipherKey("aes-256-gcm", k, v)));
	}

	std::string run(Poco::Crypto::CryptoTransform& transform, const std::string& input)
	{
		std::vector<unsigned char> out(input.size() + transform.blockSize() + 16);
		std::streamsize n = transform.transform(reinterpret_cast<const unsigned char*>(input.data()), static_cast<std::streamsize>(input.size()), out.data(), static_cast<std::streamsize>(out.size()));
		n += transform.finalize(out.data() + n, static_cast<std::streamsize>(out.size()) - n);
		return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(n));
	}
}


PayloadCipher::PayloadCipher(const std::string& key):
	_key(key)
{
	if (_key.size() != 32) throw Poco::InvalidArgumentException("the delivery queue key must be 32 bytes");
}


std::string PayloadCipher::seal(const std::string& plaintext) const
{
	std::string iv = Core::SecureRandom::bytes(IV_SIZE);
	Poco::Crypto::Cipher::Ptr pCipher = cipher(_key, iv);
	Poco::Crypto::CryptoTransform::Ptr pEncryptor = pCipher->createEncryptor();
	std::string ciphertext = run(*pEncryptor, plaintext);
	std::string tag = pEncryptor->getTag(TAG_SIZE);
	std::ostringstream out;
	Poco::Base64Encoder encoder(out);
	encoder.rdbuf()->setLineLength(0);
	encoder << iv << tag << ciphertext;
	encoder.close();
	return out.str();
}


std::string PayloadCipher::open(const std::string& sealed) const
{
	std::istringstream in(sealed);
	Poco::Base64Decoder decoder(in);
	std::string raw;
	Poco::StreamCopier::copyToString(decoder, raw);
	if (raw.size() < IV_SIZE + TAG_SIZE) throw Poco::DataFormatException("sealed payload too short");
	Poco::Crypto::Cipher::Ptr pCipher = cipher(_key, raw.substr(0, IV_SIZE));
	Poco::Crypto::CryptoTransform::Ptr pDecryptor = pCipher->createDecryptor();
	pDecryptor->setTag(raw.substr(IV_SIZE, TAG_SIZE));
	return run(*pDecryptor, raw.substr(IV_SIZE + TAG_SIZE));
}


} } // namespace AuthServer::Delivery
