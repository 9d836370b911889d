//
// Totp.cpp
//


#include "AuthServer/SecondFactor/Totp.h"
#include "AuthServer/Core/Digests.h"
#include "Poco/Base32Decoder.h"
#include "Poco/Base32Encoder.h"
#include "Poco/Exception.h"
#include "Poco/HMACEngine.h"
#include "Poco/SHA1Engine.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include <sstream>


namespace AuthServer {
namespace SecondFactor {


namespace
{
	bool allDigits(const std::string& s)
	{
		for (char c: s)
			if (c < '0' || c > '9') return false;
		return !s.empty();
	}
}


Poco::Int64 Totp::step(Poco::Int64 unixSeconds)
{
	return unixSeconds / STEP_SECONDS;
}


std::string Totp::code(const std::string& key, Poco::Int64 step, int digits)
{
	unsigned char counter[8];
	Poco::UInt64 c = static_cast<Poco::UInt64>(step);
	for (int i = 7; i >= 0; --i)
	{
		counter[i] = static_cast<unsigned char>(c & 0xff);
		c >>= 8;
	}
	Poco::HMACEngine<Poco::SHA1Engine> hmac(key);
	hmac.update(counter, sizeof(counter));
	const Poco::DigestEngine::Digest& h = hmac.digest();
	// RFC 4226 §5.3 dynamic truncation.
	std::size_t offset = h[h.size() - 1] & 0x0f;
	Poco::UInt32 binary = (static_cast<Poco::UInt32>(h[offset] & 0x7f) << 24)
		| (static_cast<Poco::UInt32>(h[offset + 1]) << 16)
		| (static_cast<Poco::UInt32>(h[offset + 2]) << 8)
		| static_cast<Poco::UInt32>(h[offset + 3]);
	Poco::UInt32 modulo = 1;
	for (int i = 0; i < digits; ++i) modulo *= 10;
	std::string result = std::to_string(binary % modulo);
	return std::string(static_cast<std::size_t>(digits) - result.size(), '0') + result;
}


std::optional<Poco::Int64> Totp::match(const std::string& key, const std::string& code, Poco::Int64 unixSeconds, Poco::Int64 lastUsedStep)
{
	if (code.size() != static_cast<std::size_t>(DIGITS) || !allDigits(code)) return std::nullopt;
	Poco::Int64 now = step(unixSeconds);
	std::optional<Poco::Int64> found;
	// Every candidate is computed and compared, so the time taken does not
	// tell which step matched.
	for (Poco::Int64 s = now - DRIFT_STEPS; s <= now + DRIFT_STEPS; ++s)
	{
		if (Core::Digests::constantTimeEquals(Totp::code(key, s), code) && !found) found = s;
	}
	if (found && *found <= lastUsedStep) return std::nullopt;
	return found;
}


std::string Totp::encodeSecret(const std::string& key)
{
	std::ostringstream out;
	Poco::Base32Encoder encoder(out, false);
	encoder << key;
	encoder.close();
	return out.str();
}


std::string Totp::decodeSecret(const std::string& base32)
{
	std::string text = Poco::toUpper(Poco::trim(base32));
	// Poco's decoder stops quietly at a foreign character: check the
	// alphabet (RFC 4648 §6: A-Z, 2-7) first.
	for (char c: text)
		if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7'))) throw Poco::DataFormatException("not a base32 secret");
	// Poco's decoder needs whole 8-character groups: pad as RFC 4648 §6 does.
	while (text.size() % 8 != 0) text += '=';
	std::istringstream in(text);
	Poco::Base32Decoder decoder(in);
	std::string raw;
	Poco::StreamCopier::copyToString(decoder, raw);
	return raw;
}


} } // namespace AuthServer::SecondFactor
