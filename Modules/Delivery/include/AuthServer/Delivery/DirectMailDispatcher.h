//
// DirectMailDispatcher.h
//
// A MailDispatcher that delivers at once and counts the outcome, when mail
// is not queued.
//


#ifndef AuthServer_Delivery_DirectMailDispatcher_INCLUDED
#define AuthServer_Delivery_DirectMailDispatcher_INCLUDED


#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Mail/MailDispatcher.h"
#include "AuthServer/Mail/Mailer.h"
#include "Poco/SharedPtr.h"


namespace AuthServer {
namespace Delivery {


class DirectMailDispatcher: public Mail::MailDispatcher
	/// Direct delivery (delivery.queue off, or auto with the outbox):
	/// Mailer::deliver() in the caller's thread, counted in
	/// DeliveryQueue::counters("email") as sent, or as dropped when the
	/// transport throws (a direct send is not retried), so GET /metrics
	/// counts every mail whichever way it went.
{
public:
	DirectMailDispatcher(Mail::Mailer& mailer, Poco::SharedPtr<DeliveryQueue> pQueue);
		/// Keeps pQueue (its counters) alive as long as the mailer holds
		/// this dispatcher.

	void dispatch(const std::string& to, const std::string& templateName, const Mail::TemplateRenderer::Values& values) override;
		/// Delivers now; rethrows what Mailer::deliver() throws.

private:
	Mail::Mailer& _mailer;
	Poco::SharedPtr<DeliveryQueue> _pQueue;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_DirectMailDispatcher_INCLUDED
