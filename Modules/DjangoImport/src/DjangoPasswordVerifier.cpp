//
// DjangoPasswordVerifier.cpp
//


#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include "AuthServer/Core/Digests.h"
#include "Poco/NumberParser.h"
#include "Poco/StringTokenizer.h"
#include <argon2.h>
#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <cstring>
#include <memory>
#include <vector>


namespace AuthServer {
namespace DjangoImport {


namespace
{
	constexpr unsigned MAX_PBKDF2_ITERATIONS = 10000000;
	constexpr unsigned MAX_ARGON2_MEMORY_KIB = 1024 * 1024;
	constexpr unsigned MAX_ARGON2_TIME = 64;
	constexpr unsigned MAX_BCRYPT_COST = 16;

	bool startsWith(const std::string& s, const char* prefix)
	{
		return s.compare(0, std::strlen(prefix), prefix) == 0;
	}

	bool equalConstantTime(const std::string& a, const std::string& b)
	{
		if (a.size() != b.size()) return false;
		return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
	}

	bool verifyPbkdf2(const std::string& stored, const std::string& password, const EVP_MD* pDigest)
	{
		// <algorithm>$<iterations>$<salt>$<base64 key>; the salt is used as
		// its UTF-8 bytes, the key is standard base64 with padding.
		std::vector<std::string> parts;
		std::size_t start = 0;
		for (int i = 0; i < 3; ++i)
		{
			std::size_t dollar = stored.find('$', start);
			if (dollar == std::string::npos) return false;
			parts.push_back(stored.substr(start, dollar - start));
			start = dollar + 1;
		}
		parts.push_back(stored.substr(start));
		unsigned iterations = 0;
		if (!Poco::NumberParser::tryParseUnsigned(parts[1], iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) return false;
		const std::string& salt = parts[2];
		const std::string& expected = parts[3];
		int keyLength = EVP_MD_size(pDigest);
		std::vector<unsigned char> key(static_cast<std::size_t>(keyLength));
		if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
			reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()),
			static_cast<int>(iterations), pDigest, keyLength, key.data()) != 1) return false;
		std::vector<unsigned char> encoded(4 * ((key.size() + 2) / 3) + 1);
		int length = EVP_EncodeBlock(encoded.data(), key.data(), keyLength);
		std::string computed(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(length));
		return equalConstantTime(computed, expected);
	}

	bool argon2ParametersInBounds(const std::string& phc)
	{
		// $argon2id$v=19$m=102400,t=2,p=8$salt$tag (v= optional in old strings)
		std::size_t m = phc.find("m=");
		std::size_t t = phc.find(",t=");
		std::size_t p = phc.find(",p=");
		if (m == std::string::npos || t == std::string::npos || p == std::string::npos) return false;
		unsigned memory = 0;
		unsigned time = 0;
		if (!Poco::NumberParser::tryParseUnsigned(phc.substr(m + 2, t - m - 2), memory)) return false;
		if (!Poco::NumberParser::tryParseUnsigned(phc.substr(t + 3, p - t - 3), time)) return false;
		return memory <= MAX_ARGON2_MEMORY_KIB && time <= MAX_ARGON2_TIME;
	}

	bool verifyArgon2(const std::string& stored, const std::string& password)
	{
		// Django stores "argon2" + the PHC string of argon2-cffi.
		std::string phc = stored.substr(6);
		argon2_type type;
		if (startsWith(phc, "$argon2id$")) type = Argon2_id;
		else if (startsWith(phc, "$argon2i$")) type = Argon2_i;
		else return false;
		if (!argon2ParametersInBounds(phc)) return false;
		// argon2_verify recomputes the tag and compares it in constant time.
		return argon2_verify(phc.c_str(), password.data(), password.size(), type) == ARGON2_OK;
	}

	bool verifyBcrypt(const std::string& setting, const std::string& secret)
	{
		// $2b$<cost>$<22 salt chars><31 hash chars> (also $2a$, $2y$)
		if (setting.size() != 60 || setting[0] != '$' || setting[1] != '2' || setting[3] != '$' || setting[6] != '$') return false;
		if (setting[2] != 'a' && setting[2] != 'b' && setting[2] != 'y') return false;
		unsigned cost = 0;
		if (!Poco::NumberParser::tryParseUnsigned(setting.substr(4, 2), cost) || cost < 4 || cost > MAX_BCRYPT_COST) return false;
		// bcrypt reads a NUL-terminated key: a password holding NUL is refused
		// as Django's bcrypt binding refuses it.
		if (secret.find('\0') != std::string::npos) return false;
		std::unique_ptr<crypt_data> pData(new crypt_data());
		const char* pResult = crypt_r(secret.c_str(), setting.c_str(), pData.get());
		if (!pResult || pResult[0] == '*') return false;
		return equalConstantTime(std::string(pResult), setting);
	}
}


std::string DjangoPasswordVerifier::scheme(const std::string& storedHash) const
{
	if (startsWith(storedHash, "pbkdf2_sha256$")) return "pbkdf2_sha256";
	if (startsWith(storedHash, "pbkdf2_sha1$")) return "pbkdf2_sha1";
	if (startsWith(storedHash, "argon2$argon2id$") || startsWith(storedHash, "argon2$argon2i$")) return "argon2";
	if (startsWith(storedHash, "bcrypt_sha256$$2")) return "bcrypt_sha256";
	if (startsWith(storedHash, "bcrypt$$2")) return "bcrypt";
	return std::string();
}


std::string DjangoPasswordVerifier::costClass(const std::string& storedHash) const
{
	std::string name = scheme(storedHash);
	if (name.empty()) return name;
	// PBKDF2 and Argon2 end in "$<salt>$<hash>", bcrypt in "$<salt and hash>".
	std::size_t end = storedHash.rfind('$');
	if (name.compare(0, 6, "bcrypt") != 0 && end != std::string::npos && end > 0) end = storedHash.rfind('$', end - 1);
	return storedHash.substr(0, end);
}


bool DjangoPasswordVerifier::verify(const std::string& storedHash, const std::string& password) const
{
	std::string name = scheme(storedHash);
	if (name == "pbkdf2_sha256") return verifyPbkdf2(storedHash, password, EVP_sha256());
	if (name == "pbkdf2_sha1") return verifyPbkdf2(storedHash, password, EVP_sha1());
	if (name == "argon2") return verifyArgon2(storedHash, password);
	// Django's BCryptSHA256PasswordHasher hashes hexlify(sha256(password)),
	// so passwords longer than bcrypt's 72 bytes still count whole.
	if (name == "bcrypt_sha256") return verifyBcrypt(storedHash.substr(14), Core::Digests::sha256Hex(password));
	if (name == "bcrypt") return verifyBcrypt(storedHash.substr(7), password);
	return false;
}


bool DjangoPasswordVerifier::isUnusable(const std::string& storedHash)
{
	return storedHash.empty() || storedHash[0] == '!';
}


std::string DjangoPasswordVerifier::algorithmName(const std::string& storedHash)
{
	return storedHash.substr(0, storedHash.find('$'));
}


} } // namespace AuthServer::DjangoImport
