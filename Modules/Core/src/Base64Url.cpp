//
// Base64Url.cpp
//


#include "AuthServer/Core/Base64Url.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h" // BASE64_URL_ENCODING, BASE64_NO_PADDING
#include "Poco/Exception.h"
#include <openssl/evp.h>
#include <algorithm>
#include <sstream>


namespace AuthServer {
namespace Core {


std::string Base64Url::encode(const std::string& data)
{
	// OpenSSL's EVP_EncodeBlock (RFC 4648 §4, padded), then the URL-safe
	// alphabet of §5 without padding: Poco::Base64Encoder's two streams
	// cost more than the encoding itself, and every token issued encodes
	// twice.
	std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
	int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(&out[0]), reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
	out.resize(static_cast<std::size_t>(length));
	while (!out.empty() && out.back() == '=') out.pop_back();
	std::replace(out.begin(), out.end(), '+', '-');
	std::replace(out.begin(), out.end(), '/', '_');
	return out;
}


bool Base64Url::decodeCanonical(const std::string& text, std::string& data)
{
	if (text.size() % 4 == 1) return false;
	for (char c: text)
	{
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
		if (!ok) return false;
	}
	try
	{
		std::istringstream in(text);
		Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
		std::string decoded((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
		// Re-encoding gives back the input only when the unused bits were 0.
		if (encode(decoded) != text) return false;
		data.swap(decoded);
		return true;
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


bool Base64Url::isCompactText(const std::string& text)
{
	if (text.empty()) return false;
	for (char c: text)
	{
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		if (!ok) return false;
	}
	return true;
}


} } // namespace AuthServer::Core
