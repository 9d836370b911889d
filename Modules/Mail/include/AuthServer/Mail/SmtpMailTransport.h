//
// SmtpMailTransport.h
//
// Sends mail to an SMTP server (RFC 5321) with POCO Net / NetSSL.
//


#ifndef AuthServer_Mail_SmtpMailTransport_INCLUDED
#define AuthServer_Mail_SmtpMailTransport_INCLUDED


#include "AuthServer/Mail/MailTransport.h"
#include "Poco/Net/Context.h"


namespace AuthServer {
namespace Mail {


class SmtpMailTransport: public MailTransport
	/// One SMTP session per message (the delivery worker sends one at a
	/// time). security "none": plain SMTP; "starttls": STARTTLS (RFC 3207)
	/// is required, a server that does not offer it is an error, never a
	/// silent downgrade; "tls": implicit TLS from the first byte (RFC 8314,
	/// port 465). The peer certificate is verified against the system CAs
	/// (or caFile) and the host name. With a username it authenticates
	/// with AUTH PLAIN or AUTH LOGIN (RFC 4954, 4616), whichever the
	/// server's EHLO offers (SmtpAuthenticator: PLAIN first over TLS or
	/// with authMethod "plain"). Every socket operation is bounded by
	/// timeout.
{
public:
	struct Settings
	{
		std::string host = "localhost";
		int port = 587;
		std::string security = "starttls";   /// none | starttls | tls
		std::string username;
		std::string password;
		std::string authMethod = "login";    /// login | plain: plain allows PLAIN on a cleartext channel
		std::string caFile;                   /// PEM; empty: system CAs
		int timeout = 30;                     /// seconds
	};

	explicit SmtpMailTransport(const Settings& settings);
		/// Throws Poco::InvalidArgumentException for an unknown security or
		/// auth method.

	void send(const Poco::Net::MailMessage& message) override;
		/// Delivers message to its recipients; throws Poco::Net::NetException
		/// (SMTPException, SSLException, ConnectionRefusedException,
		/// TimeoutException, ...) when it cannot. The error text never holds
		/// the password.

	std::string name() const override;

private:
	Settings _settings;
	Poco::Net::Context::Ptr _pContext;
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_SmtpMailTransport_INCLUDED
