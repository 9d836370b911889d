//
// Mailer.cpp
//


#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Net/IPAddress.h"
#include "Poco/Net/MailRecipient.h"
#include "Poco/Net/MediaType.h"
#include "Poco/Net/StringPartSource.h"
#include "Poco/Timestamp.h"
#include "Poco/URI.h"


namespace AuthServer {
namespace Mail {


namespace
{
	std::string headerSafe(const std::string& value)
	{
		std::string result;
		result.reserve(value.size());
		for (char c: value)
		{
			if (c == '\r' || c == '\n') continue;
			result += c;
		}
		return result;
	}

	bool isAscii(const std::string& s)
	{
		for (unsigned char c: s) if (c >= 0x80) return false;
		return true;
	}

	bool isDotAtom(const std::string& s)
		/// True if s is an RFC 5322 §3.2.3 dot-atom-text made of letters,
		/// digits and '-' (what a host name is).
	{
		if (s.empty() || s.front() == '.' || s.back() == '.') return false;
		char previous = 0;
		for (char c: s)
		{
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
			if (!ok || (c == '.' && previous == '.')) return false;
			previous = c;
		}
		return true;
	}

	std::string messageIdDomain(const Mailer::Values& common, const std::string& from)
		/// The right part of every Message-ID (RFC 5322 §3.6.4): the host of
		/// app.publicUrl; without one, the domain of the sender address;
		/// else "localhost". An IP address is written as a domain literal.
	{
		std::string host;
		auto it = common.find("public_url");
		if (it != common.end() && !it->second.empty())
		{
			try
			{
				host = Poco::URI(it->second).getHost();
			}
			catch (Poco::SyntaxException&)
			{
			}
		}
		if (host.empty())
		{
			std::string::size_type at = from.rfind('@');
			if (at != std::string::npos)
			{
				host = from.substr(at + 1);
				std::string::size_type end = host.find('>');
				if (end != std::string::npos) host.erase(end);
			}
		}
		Poco::Net::IPAddress address;
		if (Poco::Net::IPAddress::tryParse(host, address))
			return address.family() == Poco::Net::IPAddress::IPv6 ? "[IPv6:" + address.toString() + "]" : "[" + address.toString() + "]";
		return isDotAtom(host) ? host : std::string("localhost");
	}
}


Mailer::Mailer(MailTransport::Ptr pTransport, std::shared_ptr<const TemplateRenderer> pRenderer, const std::string& from, const Values& common):
	_pTransport(pTransport),
	_pRenderer(pRenderer),
	_from(headerSafe(from)),
	_common(common),
	_messageIdDomain(messageIdDomain(common, _from))
{
}


void Mailer::compose(Poco::Net::MailMessage& message, const std::string& to, const std::string& templateName, const Values& values) const
{
	Values merged = _common;
	for (const auto& kv: values) merged[kv.first] = kv.second;
	RenderedMail rendered = _pRenderer->render(templateName, merged);

	message.setSender(_from);
	message.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, headerSafe(to)));
	std::string subject = headerSafe(rendered.subject);
	message.setSubject(isAscii(subject) ? subject : Poco::Net::MailMessage::encodeWord(subject, "UTF-8"));
	message.setDate(Poco::Timestamp());
	// RFC 5322 §3.6.4: a unique id-left (128 random bits) at our host.
	message.set("Message-ID", "<" + Core::SecureRandom::token(16) + "@" + _messageIdDomain + ">");
	message.addContent(new Poco::Net::StringPartSource(rendered.text, "text/plain; charset=utf-8"), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
	message.addContent(new Poco::Net::StringPartSource(rendered.html, "text/html; charset=utf-8"), Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
	// POCO 1.11 makes multipart/mixed; keep its boundary, say "alternative".
	Poco::Net::MediaType type(message.getContentType());
	type.setSubType("alternative");
	message.setContentType(type);
}


void Mailer::send(const std::string& to, const std::string& templateName, const Values& values)
{
	if (_pDispatcher)
	{
		if (!_pRenderer->has(templateName)) throw Poco::NotFoundException("mail template", templateName);
		_pDispatcher->dispatch(to, templateName, values);
		return;
	}
	deliver(to, templateName, values);
}


void Mailer::deliver(const std::string& to, const std::string& templateName, const Values& values)
{
	Poco::Net::MailMessage message;
	compose(message, to, templateName, values);
	_pTransport->send(message);
}


void Mailer::setDispatcher(MailDispatcher::Ptr pDispatcher)
{
	_pDispatcher = pDispatcher;
}


MailTransport& Mailer::transport()
{
	return *_pTransport;
}


} } // namespace AuthServer::Mail
