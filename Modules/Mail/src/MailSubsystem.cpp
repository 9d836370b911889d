//
// MailSubsystem.cpp
//


#include "AuthServer/Mail/MailSubsystem.h"
#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Mail/SmtpMailTransport.h"
#include "Poco/File.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/Util/Application.h"


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Mail {


MailSubsystem::MailSubsystem() = default;


const char* MailSubsystem::name() const
{
	return "AuthServer.Mail";
}


Mailer& MailSubsystem::mailer()
{
	return *_pMailer;
}


void MailSubsystem::initialize(Poco::Util::Application& app)
{
	Core::ConfigReader reader(app.config());
	std::string transport = reader.getChoice(Keys::MAIL_TRANSPORT);
	MailTransport::Ptr pTransport;
	if (transport == "smtp")
	{
		SmtpMailTransport::Settings smtp;
		smtp.host = reader.getRequiredString(Keys::MAIL_SMTP_HOST);
		smtp.port = reader.getInt(Keys::MAIL_SMTP_PORT);
		smtp.security = reader.getChoice(Keys::MAIL_SMTP_SECURITY);
		smtp.username = reader.getString(Keys::MAIL_SMTP_USERNAME);
		smtp.password = reader.getString(Keys::MAIL_SMTP_PASSWORD);
		smtp.authMethod = reader.getChoice(Keys::MAIL_SMTP_AUTH_METHOD);
		smtp.caFile = reader.getString(Keys::MAIL_SMTP_CA_FILE);
		smtp.timeout = reader.getInt(Keys::MAIL_SMTP_TIMEOUT);
		if (!smtp.username.empty() && smtp.password.empty())
			throw ConfigurationException(Keys::MAIL_SMTP_PASSWORD, "is empty while mail.smtp.username is set");
		if (!smtp.caFile.empty() && !Poco::File(smtp.caFile).exists())
			throw ConfigurationException(Keys::MAIL_SMTP_CA_FILE, smtp.caFile + " does not exist");
		try
		{
			pTransport = new SmtpMailTransport(smtp);
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException(Keys::MAIL_SMTP_SECURITY, exc.displayText());
		}
	}
	else
	{
		try
		{
			pTransport = new OutboxMailTransport(reader.getRequiredString(Keys::MAIL_OUTBOX_DIRECTORY));
		}
		catch (Poco::FileException& exc)
		{
			throw ConfigurationException(Keys::MAIL_OUTBOX_DIRECTORY, exc.displayText());
		}
	}
	std::shared_ptr<TemplateRenderer> pRenderer;
	try
	{
		pRenderer = std::make_shared<TemplateRenderer>(reader.getRequiredString(Keys::PATHS_TEMPLATES));
	}
	catch (Poco::FileException& exc)
	{
		throw ConfigurationException(Keys::PATHS_TEMPLATES, exc.displayText());
	}
	for (const char* required: {"verification", "password_changed", "otp_code", "password_reset", "welcome", "registration_attempt"})
		if (!pRenderer->has(required))
			throw ConfigurationException(Keys::PATHS_TEMPLATES, std::string("missing template ") + required + ".{subject,txt,html}.mustache");
	std::string from = reader.getString(Keys::MAIL_FROM);
	if (from.find('@') == std::string::npos) throw ConfigurationException(Keys::MAIL_FROM, "is not an email address");
	Mailer::Values common{
		{"app_name", reader.getString(Keys::APP_NAME)},
		{"public_url", reader.getString(Keys::APP_PUBLIC_URL)},
		{"frontend_url", reader.getString(Keys::APP_FRONTEND_URL)}
	};
	_pMailer = new Mailer(pTransport, pRenderer, from, common);
}


void MailSubsystem::uninitialize()
{
}


} } // namespace AuthServer::Mail
