//
// MailTransport.h
//
// Where composed mail goes: an outbox folder or an SMTP server.
//


#ifndef AuthServer_Mail_MailTransport_INCLUDED
#define AuthServer_Mail_MailTransport_INCLUDED


#include "Poco/Net/MailMessage.h"
#include "Poco/SharedPtr.h"
#include <string>


namespace AuthServer {
namespace Mail {


class MailTransport
	/// Delivers one composed RFC 5322 message. Implementations are
	/// thread-safe and throw Poco::Exception when delivery fails (the caller
	/// decides whether to retry).
{
public:
	using Ptr = Poco::SharedPtr<MailTransport>;

	virtual ~MailTransport() = default;

	virtual void send(const Poco::Net::MailMessage& message) = 0;
		/// Delivers message or throws.

	virtual std::string name() const = 0;
		/// Returns the transport's name ("outbox", "smtp").
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_MailTransport_INCLUDED
