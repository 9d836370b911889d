//
// Base64Url.h
//
// base64url without padding (RFC 4648 §5, RFC 7515 §2) on POCO's codec.
//


#ifndef AuthServer_Core_Base64Url_INCLUDED
#define AuthServer_Core_Base64Url_INCLUDED


#include <string>


namespace AuthServer {
namespace Core {


class Base64Url
	/// The encoding of every JOSE segment (RFC 7515 §2) and of our opaque
	/// tokens: the URL-safe alphabet, no '=' padding, no line breaks.
{
public:
	static std::string encode(const std::string& data);
		/// Returns data (any bytes) as unpadded base64url text.

	static bool decodeCanonical(const std::string& text, std::string& data);
		/// Decodes unpadded base64url text into data (bytes) and returns
		/// true only if text is the one canonical encoding of those bytes:
		/// URL-safe alphabet, no padding, a length that is not 1 mod 4,
		/// and zero bits in the unused low bits of the last character
		/// (RFC 4648 §3.5 lets decoders refuse the others; we do, so a
		/// token has exactly one spelling). Never throws.

	static bool isCompactText(const std::string& text);
		/// Returns true if text is not empty and has only base64url
		/// characters (RFC 4648 §5) and '.': the characters of a JWS
		/// compact serialization (RFC 7515 §7.1) and of our opaque tokens.
		/// JSON escapes none of them (RFC 8259 §7), so such text may be
		/// written into a JSON string as it is. Never throws.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_Base64Url_INCLUDED
