//
// QueuedSmsTransport.h
//
// An SmsTransport that only queues; the delivery worker sends.
//


#ifndef AuthServer_Delivery_QueuedSmsTransport_INCLUDED
#define AuthServer_Delivery_QueuedSmsTransport_INCLUDED


#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Sms/SmsTransport.h"


namespace AuthServer {
namespace Delivery {


class QueuedSmsTransport: public Sms::SmsTransport
	/// Hands every message to DeliveryQueue::enqueueSms, so the services
	/// that send codes never wait for the SMS provider. name() is the real
	/// transport's.
{
public:
	QueuedSmsTransport(DeliveryQueue& queue, const std::string& realName);

	void send(const std::string& to, const std::string& body) override;
		/// Queues; throws Poco::Data::DataException if it cannot.

	std::string name() const override;

private:
	DeliveryQueue& _queue;
	std::string _name;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_QueuedSmsTransport_INCLUDED
