//
// QrCode.h
//
// QR codes drawn as SVG, for the otpauth:// URI of a TOTP secret.
//


#ifndef AuthServer_SecondFactor_QrCode_INCLUDED
#define AuthServer_SecondFactor_QrCode_INCLUDED


#include <string>


namespace AuthServer {
namespace SecondFactor {


class QrCode
	/// Encodes text with Debian's libqrencode (ISO/IEC 18004, error
	/// correction level M, 8-bit mode) and draws the modules as one SVG
	/// path with a 4-module quiet zone, so a page can inline it.
{
public:
	static std::string svg(const std::string& text);
		/// Returns an <svg> document of the QR code of text (UTF-8). Throws
		/// Poco::RuntimeException when libqrencode cannot encode it (text
		/// longer than a version 40 symbol holds).
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_QrCode_INCLUDED
