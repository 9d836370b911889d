//
// SecureRandom.cpp
//


#include "AuthServer/Core/SecureRandom.h"
#include "AuthServer/Core/Base64Url.h"
#include "Poco/Exception.h"
#include <openssl/rand.h>
#include <sstream>


namespace AuthServer {
namespace Core {


std::string SecureRandom::bytes(std::size_t count)
{
	std::string result(count, '\0');
	if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(&result[0]), static_cast<int>(count)) != 1)
		throw Poco::SystemException("CSPRNG failure");
	return result;
}


std::string SecureRandom::token(std::size_t byteCount)
{
	return Base64Url::encode(bytes(byteCount));
}


std::string SecureRandom::digits(std::size_t count)
{
	std::string result;
	result.reserve(count);
	while (result.size() < count)
	{
		std::string pool = bytes(count * 2);
		for (unsigned char c: pool)
		{
			if (c >= 250) continue; // 250 = 25 * 10: reject to stay uniform
			result += static_cast<char>('0' + c % 10);
			if (result.size() == count) break;
		}
	}
	return result;
}


} } // namespace AuthServer::Core
