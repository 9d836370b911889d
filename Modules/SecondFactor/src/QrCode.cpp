//
// QrCode.cpp
//


#include "AuthServer/SecondFactor/QrCode.h"
#include "Poco/Exception.h"
#include <memory>
#include <qrencode.h>
#include <sstream>


namespace AuthServer {
namespace SecondFactor {


std::string QrCode::svg(const std::string& text)
{
	std::unique_ptr<QRcode, void (*)(QRcode*)> pCode(QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
	if (!pCode) throw Poco::RuntimeException("the text cannot be encoded as a QR code");
	const int quiet = 4;
	const int width = pCode->width;
	const int size = width + 2 * quiet;
	std::ostringstream out;
	out << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << size << ' ' << size
		<< "\" shape-rendering=\"crispEdges\"><rect width=\"" << size << "\" height=\"" << size
		<< "\" fill=\"#fff\"/><path fill=\"#000\" d=\"";
	for (int y = 0; y < width; ++y)
	{
		for (int x = 0; x < width; ++x)
		{
			// Bit 0 of each byte is the module's colour (1 = dark).
			if (pCode->data[y * width + x] & 1) out << 'M' << (x + quiet) << ',' << (y + quiet) << "h1v1h-1z";
		}
	}
	out << "\"/></svg>";
	return out.str();
}


} } // namespace AuthServer::SecondFactor
