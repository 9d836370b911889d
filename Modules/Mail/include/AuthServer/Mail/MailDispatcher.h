//
// MailDispatcher.h
//
// Takes a mail to send later (a delivery queue), instead of sending now.
//


#ifndef AuthServer_Mail_MailDispatcher_INCLUDED
#define AuthServer_Mail_MailDispatcher_INCLUDED


#include "AuthServer/Mail/TemplateRenderer.h"
#include "Poco/SharedPtr.h"
#include <string>


namespace AuthServer {
namespace Mail {


class MailDispatcher
	/// Accepts a mail (recipient, template name, values) for delivery off
	/// the caller's thread. Implementations are thread-safe; dispatch()
	/// returns once the mail is accepted (stored), never waits for the
	/// server, and throws Poco::Exception only if it cannot be accepted.
{
public:
	using Ptr = Poco::SharedPtr<MailDispatcher>;

	virtual ~MailDispatcher() = default;

	virtual void dispatch(const std::string& to, const std::string& templateName, const TemplateRenderer::Values& values) = 0;
		/// Accepts the mail or throws.
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_MailDispatcher_INCLUDED
