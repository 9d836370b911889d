//
// EscapingChannel.cpp
//


#include "AuthServer/Core/EscapingChannel.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "Poco/Message.h"
#include "Poco/UTF8Encoding.h"
#include <algorithm>
#include <map>
#include <vector>


namespace AuthServer {
namespace Core {


namespace
{
	// Length of the well-formed UTF-8 sequence starting at text[i], or 0
	// (POCO's check, after Unicode's ConvertUTF.c: no overlongs, no
	// surrogates, nothing above U+10FFFF; RFC 3629 §3-4).
	std::size_t utf8SequenceLength(const std::string& text, std::size_t i)
	{
		static const Poco::UTF8Encoding UTF8;
		const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data()) + i;
		int available = static_cast<int>(std::min<std::size_t>(text.size() - i, 4));
		int length = UTF8.sequenceLength(p, available);
		if (length < 1 || length > available || !Poco::UTF8Encoding::isLegal(p, length)) return 0;
		return static_cast<std::size_t>(length);
	}

	const char HEX[] = "0123456789abcdef";

	void appendHex(std::string& out, unsigned char c)
	{
		out += "\\x";
		out += HEX[c >> 4];
		out += HEX[c & 0x0F];
	}
}


EscapingChannel::EscapingChannel(Poco::Channel::Ptr pTarget):
	_pTarget(pTarget)
{
	if (!_pTarget) throw Poco::NullPointerException("EscapingChannel target");
}


EscapingChannel::~EscapingChannel()
{
}


void EscapingChannel::log(const Poco::Message& msg)
{
	if (!needsEscape(msg.getText()))
	{
		_pTarget->log(msg);
		return;
	}
	Poco::Message escaped(msg);
	escaped.setText(escape(msg.getText()));
	_pTarget->log(escaped);
}


void EscapingChannel::open()
{
	_pTarget->open();
}


void EscapingChannel::close()
{
	_pTarget->close();
}


void EscapingChannel::setProperty(const std::string& name, const std::string& value)
{
	_pTarget->setProperty(name, value);
}


std::string EscapingChannel::getProperty(const std::string& name) const
{
	return _pTarget->getProperty(name);
}


Poco::Channel::Ptr EscapingChannel::target() const
{
	return _pTarget;
}


bool EscapingChannel::needsEscape(const std::string& text)
{
	for (std::size_t i = 0; i < text.size();)
	{
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c >= 0x20 && c < 0x7F)
		{
			++i;
			continue;
		}
		if (c < 0x80) return true; // C0 control or DEL
		std::size_t len = utf8SequenceLength(text, i);
		if (len == 0) return true;
		unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
		if (c == 0xC2 && c1 <= 0x9F) return true; // C1 control
		if (c == 0xE2 && c1 == 0x80 && (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) return true;
		i += len;
	}
	return false;
}


std::string EscapingChannel::escape(const std::string& text, bool escapeBackslash, std::size_t maxBytes)
{
	std::size_t end = text.size();
	bool cut = maxBytes > 0 && end > maxBytes;
	if (cut) end = maxBytes;
	std::string out;
	out.reserve(end + 16);
	for (std::size_t i = 0; i < end;)
	{
		unsigned char c = static_cast<unsigned char>(text[i]);
		if (c >= 0x20 && c < 0x7F)
		{
			if (c == '\\' && escapeBackslash) appendHex(out, c);
			else out += static_cast<char>(c);
			++i;
			continue;
		}
		if (c < 0x80)
		{
			appendHex(out, c);
			++i;
			continue;
		}
		std::size_t len = utf8SequenceLength(text, i);
		if (len == 0 || i + len > end)
		{
			// Not UTF-8 (or cut by maxBytes): the byte itself, escaped.
			appendHex(out, c);
			++i;
			continue;
		}
		unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
		if (c == 0xC2 && c1 <= 0x9F)
		{
			appendHex(out, c);
			appendHex(out, c1);
		}
		else if (c == 0xE2 && c1 == 0x80 && (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9))
		{
			out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
		}
		else out.append(text, i, len);
		i += len;
	}
	if (cut) out += "...";
	return out;
}


void EscapingChannel::installEverywhere()
{
	std::vector<std::string> names;
	Poco::Logger::names(names);
	names.push_back(""); // the root logger
	std::map<Poco::Channel*, Poco::Channel::Ptr> wrappers;
	for (const std::string& name: names)
	{
		Poco::Logger& logger = Poco::Logger::get(name);
		Poco::Channel::Ptr pChannel = logger.getChannel();
		if (!pChannel || dynamic_cast<EscapingChannel*>(pChannel.get())) continue;
		auto it = wrappers.find(pChannel.get());
		if (it == wrappers.end()) it = wrappers.emplace(pChannel.get(), Poco::Channel::Ptr(new EscapingChannel(pChannel))).first;
		logger.setChannel(it->second);
	}
}


} } // namespace AuthServer::Core
