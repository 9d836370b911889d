//
// SmtpAuthenticator.h
//
// Greets an SMTP server and authenticates (RFC 5321 §4.1.1.1, RFC 4954)
// with the mechanism the server offers.
//


#ifndef AuthServer_Mail_SmtpAuthenticator_INCLUDED
#define AuthServer_Mail_SmtpAuthenticator_INCLUDED


#include "Poco/Net/SMTPClientSession.h"
#include <set>
#include <string>


namespace AuthServer {
namespace Mail {


class SmtpAuthenticator
	/// Drives EHLO and AUTH over a POCO SMTPClientSession (sendCommand),
	/// because POCO 1.11's AUTH LOGIN compares the server's challenge text
	/// with "Username:" and fails against servers that word it otherwise
	/// (aiosmtpd sends "User Name"). The LOGIN challenges are answered by
	/// their order (draft-murchison-sasl-login §2: the text carries no
	/// meaning); PLAIN is RFC 4616. Credentials are encoded with
	/// Poco::Base64Encoder and never appear in an exception text.
{
public:
	static std::string hello(Poco::Net::SMTPClientSession& session);
		/// Opens the session if needed, sends EHLO (falling back to HELO
		/// for an RFC 821 server) and returns the server's reply lines.
		/// Call it again after STARTTLS (RFC 3207 §4.2). Throws
		/// Poco::Net::SMTPException when the server refuses both.

	static std::set<std::string> mechanisms(const std::string& ehloReply);
		/// Returns the upper-cased SASL mechanisms of the reply's AUTH
		/// line(s) ("250-AUTH LOGIN PLAIN", also the old "AUTH=LOGIN"
		/// form); empty when the server offers no AUTH.

	static std::string choose(const std::set<std::string>& offered, bool encrypted, const std::string& preferred);
		/// Returns "PLAIN" or "LOGIN": PLAIN first when the channel is
		/// encrypted or preferred is "plain" (mail.smtp.authMethod), LOGIN
		/// first otherwise; the other one when the first is not offered.
		/// On a cleartext channel with preferred "login", PLAIN is never
		/// chosen (the operator did not allow it). Throws
		/// Poco::Net::SMTPException when no allowed mechanism is offered.

	static void authenticate(Poco::Net::SMTPClientSession& session, const std::string& mechanism, const std::string& username, const std::string& password);
		/// Runs AUTH PLAIN (initial response) or AUTH LOGIN (two 334
		/// challenges, answered in order: username, password) and expects
		/// 235. Throws Poco::Net::SMTPException with the server's reply
		/// (never the credentials) when it is refused.

	static void login(Poco::Net::SMTPClientSession& session, bool encrypted, const std::string& preferred, const std::string& username, const std::string& password);
		/// hello(), then, when username is not empty, choose() from the
		/// offered mechanisms and authenticate().
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_SmtpAuthenticator_INCLUDED
