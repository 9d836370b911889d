//
// SmtpAuthenticator.cpp
//


#include "AuthServer/Mail/SmtpAuthenticator.h"
#include "Poco/Base64Encoder.h"
#include "Poco/Environment.h"
#include "Poco/Net/NetException.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include <sstream>


namespace AuthServer {
namespace Mail {


namespace
{
	bool positive(int status)
	{
		return status / 100 == 2;
	}

	bool intermediate(int status)
	{
		return status / 100 == 3;
	}

	std::string base64(const std::string& data)
	{
		std::ostringstream out;
		Poco::Base64Encoder encoder(out);
		encoder.rdbuf()->setLineLength(0);
		encoder << data;
		encoder.close();
		return out.str();
	}
}


std::string SmtpAuthenticator::hello(Poco::Net::SMTPClientSession& session)
{
	session.open();
	std::string host = Poco::Environment::nodeName();
	std::string reply;
	int status = session.sendCommand("EHLO", host, reply);
	if (positive(status)) return reply;
	status = session.sendCommand("HELO", host, reply);
	if (!positive(status)) throw Poco::Net::SMTPException("the server refused EHLO and HELO", reply, status);
	return std::string();
}


std::set<std::string> SmtpAuthenticator::mechanisms(const std::string& ehloReply)
{
	std::set<std::string> result;
	Poco::StringTokenizer lines(ehloReply, "\n", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const std::string& line: lines)
	{
		// "250-AUTH LOGIN PLAIN" or "250 AUTH=LOGIN": skip the code and
		// its separator, then look for the AUTH keyword (RFC 4954 §3).
		std::string text = line.size() > 4 ? line.substr(4) : std::string();
		std::string upper = Poco::toUpper(text);
		if (upper.compare(0, 4, "AUTH") != 0 || (upper.size() > 4 && upper[4] != ' ' && upper[4] != '=')) continue;
		Poco::StringTokenizer words(upper.substr(4), " =", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& word: words) result.insert(word);
	}
	return result;
}


std::string SmtpAuthenticator::choose(const std::set<std::string>& offered, bool encrypted, const std::string& preferred)
{
	// On a cleartext channel LOGIN and PLAIN expose the password alike;
	// PLAIN is then used only when the operator asked for it.
	bool plainAllowed = encrypted || preferred == "plain";
	if (plainAllowed && offered.count("PLAIN")) return "PLAIN";
	if (offered.count("LOGIN")) return "LOGIN";
	std::string list;
	for (const std::string& m: offered) list += (list.empty() ? "" : " ") + m;
	throw Poco::Net::SMTPException("the server offers no usable AUTH mechanism (offered: " + (list.empty() ? std::string("none") : list)
		+ (plainAllowed ? ")" : "; PLAIN on a cleartext channel needs mail.smtp.authMethod=plain)"));
}


void SmtpAuthenticator::authenticate(Poco::Net::SMTPClientSession& session, const std::string& mechanism, const std::string& username, const std::string& password)
{
	std::string reply;
	int status = 0;
	if (mechanism == "PLAIN")
	{
		// RFC 4616 §2: authzid NUL authcid NUL passwd, as initial response.
		status = session.sendCommand("AUTH PLAIN", base64(std::string(1, '\0') + username + std::string(1, '\0') + password), reply);
	}
	else if (mechanism == "LOGIN")
	{
		status = session.sendCommand("AUTH LOGIN", reply);
		if (!intermediate(status)) throw Poco::Net::SMTPException("AUTH LOGIN refused", reply, status);
		// The first challenge asks for the user name, the second for the
		// password, whatever their text.
		status = session.sendCommand(base64(username), reply);
		if (!intermediate(status)) throw Poco::Net::SMTPException("AUTH LOGIN refused the user name", reply, status);
		status = session.sendCommand(base64(password), reply);
	}
	else throw Poco::InvalidArgumentException("unsupported SMTP AUTH mechanism", mechanism);
	if (!positive(status)) throw Poco::Net::SMTPException("AUTH " + mechanism + " failed", reply, status);
}


void SmtpAuthenticator::login(Poco::Net::SMTPClientSession& session, bool encrypted, const std::string& preferred, const std::string& username, const std::string& password)
{
	std::string reply = hello(session);
	if (username.empty()) return;
	authenticate(session, choose(mechanisms(reply), encrypted, preferred), username, password);
}


} } // namespace AuthServer::Mail
