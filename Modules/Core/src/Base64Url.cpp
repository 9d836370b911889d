//
// Base64Url.cpp
//


#include "AuthServer/Core/Base64Url.h"
#include "Poco/Base64Decoder.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Exception.h"
#include <sstream>


namespace AuthServer {
namespace Core {


std::string Base64Url::encode(const std::string& data)
{
	std::ostringstream out;
	Poco::Base64Encoder encoder(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
	encoder.rdbuf()->setLineLength(0);
	encoder << data;
	encoder.close();
	return out.str();
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


} } // namespace AuthServer::Core
