//
// SmtpMailTransport.cpp
//


#include "AuthServer/Mail/SmtpMailTransport.h"
#include "AuthServer/Mail/SmtpAuthenticator.h"
#include "Poco/Net/NetException.h"
#include "Poco/Net/RejectCertificateHandler.h"
#include "Poco/Net/SMTPClientSession.h"
#include "Poco/Net/SSLManager.h"
#include "Poco/Net/SecureSMTPClientSession.h"
#include "Poco/Net/SecureStreamSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include <mutex>


namespace AuthServer {
namespace Mail {


namespace
{
	void initializeSsl()
	{
		// Without a handler POCO asks the configuration which one to use;
		// a certificate that fails verification must simply be refused.
		static std::once_flag once;
		std::call_once(once, []()
		{
			Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false), nullptr);
		});
	}
}


SmtpMailTransport::SmtpMailTransport(const Settings& settings):
	_settings(settings)
{
	if (_settings.security != "none" && _settings.security != "starttls" && _settings.security != "tls")
		throw Poco::InvalidArgumentException("security must be none, starttls or tls");
	if (_settings.authMethod != "login" && _settings.authMethod != "plain")
		throw Poco::InvalidArgumentException("auth method must be login or plain");
	if (_settings.security != "none")
	{
		initializeSsl();
		Poco::Net::Context::Params params;
		params.caLocation = _settings.caFile;
		params.loadDefaultCAs = _settings.caFile.empty();
		params.verificationMode = Poco::Net::Context::VERIFY_RELAXED;
		params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4:!3DES";
		_pContext = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
		_pContext->disableProtocols(Poco::Net::Context::PROTO_SSLV2 | Poco::Net::Context::PROTO_SSLV3 | Poco::Net::Context::PROTO_TLSV1 | Poco::Net::Context::PROTO_TLSV1_1);
	}
}


void SmtpMailTransport::send(const Poco::Net::MailMessage& message)
{
	Poco::Timespan timeout(_settings.timeout, 0);
	Poco::Net::SocketAddress address(_settings.host, static_cast<Poco::UInt16>(_settings.port));
	if (_settings.security == "tls")
	{
		Poco::Net::SecureStreamSocket socket(_pContext);
		socket.setPeerHostName(_settings.host);
		socket.connect(address, timeout);
		Poco::Net::SMTPClientSession session(socket);
		session.setTimeout(timeout);
		SmtpAuthenticator::login(session, true, _settings.authMethod, _settings.username, _settings.password);
		session.sendMessage(message);
		session.close();
		return;
	}
	Poco::Net::StreamSocket socket;
	socket.connect(address, timeout);
	if (_settings.security == "starttls")
	{
		Poco::Net::SecureSMTPClientSession session(socket);
		session.setTimeout(timeout);
		SmtpAuthenticator::hello(session);
		if (!session.startTLS(_pContext))
			throw Poco::Net::SMTPException("the server does not offer STARTTLS (mail.smtp.security=starttls)");
		// RFC 3207 §4.2: forget what was said before TLS, greet again.
		SmtpAuthenticator::login(session, true, _settings.authMethod, _settings.username, _settings.password);
		session.sendMessage(message);
		session.close();
		return;
	}
	Poco::Net::SMTPClientSession session(socket);
	session.setTimeout(timeout);
	SmtpAuthenticator::login(session, false, _settings.authMethod, _settings.username, _settings.password);
	session.sendMessage(message);
	session.close();
}


std::string SmtpMailTransport::name() const
{
	return "smtp";
}


} } // namespace AuthServer::Mail
