//
// CountingSmsTransport.cpp
//


#include "AuthServer/Delivery/CountingSmsTransport.h"


namespace AuthServer {
namespace Delivery {


CountingSmsTransport::CountingSmsTransport(Sms::SmsTransport& transport, DeliveryQueue& queue):
	_transport(transport),
	_queue(queue)
{
}


void CountingSmsTransport::send(const std::string& to, const std::string& body)
{
	try
	{
		_transport.send(to, body);
	}
	catch (...)
	{
		_queue.countDirect("sms", false);
		throw;
	}
	_queue.countDirect("sms", true);
}


std::string CountingSmsTransport::name() const
{
	return _transport.name();
}


} } // namespace AuthServer::Delivery
