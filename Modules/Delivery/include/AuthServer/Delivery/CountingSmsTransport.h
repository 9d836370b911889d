//
// CountingSmsTransport.h
//
// An SmsTransport that sends at once through the real one and counts the
// outcome, when SMS are not queued.
//


#ifndef AuthServer_Delivery_CountingSmsTransport_INCLUDED
#define AuthServer_Delivery_CountingSmsTransport_INCLUDED


#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Sms/SmsTransport.h"


namespace AuthServer {
namespace Delivery {


class CountingSmsTransport: public Sms::SmsTransport
	/// Direct delivery (delivery.queue off, or auto with the outbox): sends
	/// in the caller's thread through the real transport and counts the
	/// message in DeliveryQueue::counters("sms") as sent, or as dropped when
	/// the transport throws (a direct send is not retried), so GET /metrics
	/// counts every SMS whichever way it went. name() is the real
	/// transport's.
{
public:
	CountingSmsTransport(Sms::SmsTransport& transport, DeliveryQueue& queue);

	void send(const std::string& to, const std::string& body) override;
		/// Sends now; rethrows what the transport throws.

	std::string name() const override;

private:
	Sms::SmsTransport& _transport;
	DeliveryQueue& _queue;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_CountingSmsTransport_INCLUDED
