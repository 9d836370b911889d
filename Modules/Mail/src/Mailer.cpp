//
// Mailer.cpp
//


#include "AuthServer/Mail/Mailer.h"
#include "Poco/Net/MailRecipient.h"
#include "Poco/Net/MediaType.h"
#include "Poco/Net/StringPartSource.h"
#include "Poco/Timestamp.h"


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
}


Mailer::Mailer(MailTransport::Ptr pTransport, std::shared_ptr<const TemplateRenderer> pRenderer, const std::string& from, const Values& common):
	_pTransport(pTransport),
	_pRenderer(pRenderer),
	_from(headerSafe(from)),
	_common(common)
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
