//
// MailSubsystem.h
//
// Reads the mail.* keys and provides the Mailer.
//


#ifndef AuthServer_Mail_MailSubsystem_INCLUDED
#define AuthServer_Mail_MailSubsystem_INCLUDED


#include "AuthServer/Mail/Mailer.h"
#include "Poco/Util/Subsystem.h"


namespace AuthServer {
namespace Mail {


class MailSubsystem: public Poco::Util::Subsystem
	/// Owns mail.transport, mail.outbox.directory, mail.smtp.*, mail.from
	/// and paths.templates. Throws Core::ConfigurationException naming the
	/// key for an unknown transport, a bad SMTP setting, or a templates
	/// folder missing the required templates.
{
public:
	MailSubsystem();

	const char* name() const override;

	Mailer& mailer();
		/// Returns the mailer; valid after initialize().

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	Mailer::Ptr _pMailer;
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_MailSubsystem_INCLUDED
