//
// QueuedSmsTransport.cpp
//


#include "AuthServer/Delivery/QueuedSmsTransport.h"


namespace AuthServer {
namespace Delivery {


QueuedSmsTransport::QueuedSmsTransport(DeliveryQueue& queue, const std::string& realName):
	_queue(queue),
	_name(realName)
{
}


void QueuedSmsTransport::send(const std::string& to, const std::string& body)
{
	_queue.enqueueSms(to, body);
}


std::string QueuedSmsTransport::name() const
{
	return _name;
}


} } // namespace AuthServer::Delivery
