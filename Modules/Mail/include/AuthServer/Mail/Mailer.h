//
// Mailer.h
//
// Composes templated multipart mail and hands it to the transport.
//


#ifndef AuthServer_Mail_Mailer_INCLUDED
#define AuthServer_Mail_Mailer_INCLUDED


#include "AuthServer/Mail/MailDispatcher.h"
#include "AuthServer/Mail/MailTransport.h"
#include "AuthServer/Mail/TemplateRenderer.h"
#include "Poco/SharedPtr.h"
#include <memory>


namespace AuthServer {
namespace Mail {


class Mailer
	/// Renders a template (TemplateRenderer) into a multipart/alternative
	/// message (text/plain then text/html, RFC 2046 §5.1.4) built with
	/// POCO's MailMessage, and delivers it through the transport.
	/// CR and LF are stripped from every header value (sender, recipient,
	/// subject), because MailMessage does not (header injection, CWE-93).
	/// Every message carries Date and a Message-ID
	/// <random@host of public_url> (RFC 5322 §3.6.1, §3.6.4).
{
public:
	using Ptr = Poco::SharedPtr<Mailer>;
	using Values = TemplateRenderer::Values;

	Mailer(MailTransport::Ptr pTransport, std::shared_ptr<const TemplateRenderer> pRenderer, const std::string& from, const Values& common);
		/// from is the RFC 5322 sender ("Name <addr>"); common values
		/// (app_name, public_url, ...) are merged under each mail's values;
		/// the host of public_url (else the sender's domain) is the right
		/// part of each Message-ID.

	void compose(Poco::Net::MailMessage& message, const std::string& to, const std::string& templateName, const Values& values) const;
		/// Fills an empty message (MailMessage cannot be copied). Throws as
		/// TemplateRenderer::render.

	void send(const std::string& to, const std::string& templateName, const Values& values);
		/// With a dispatcher: checks that the template exists (throws
		/// Poco::NotFoundException) and hands the mail to the dispatcher,
		/// which delivers it later through deliver(). Without one:
		/// deliver() now.

	void deliver(const std::string& to, const std::string& templateName, const Values& values);
		/// Composes and delivers now; throws what the transport throws.

	void setDispatcher(MailDispatcher::Ptr pDispatcher);
		/// Sends every later send() through pDispatcher (null: directly).
		/// Call before the mailer is shared between threads.

	MailTransport& transport();
		/// Returns the transport.

private:
	MailTransport::Ptr _pTransport;
	MailDispatcher::Ptr _pDispatcher;
	std::shared_ptr<const TemplateRenderer> _pRenderer;
	std::string _from;
	Values _common;
	std::string _messageIdDomain;
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_Mailer_INCLUDED
