//
// DirectMailDispatcher.cpp
//


#include "AuthServer/Delivery/DirectMailDispatcher.h"


namespace AuthServer {
namespace Delivery {


DirectMailDispatcher::DirectMailDispatcher(Mail::Mailer& mailer, Poco::SharedPtr<DeliveryQueue> pQueue):
	_mailer(mailer),
	_pQueue(pQueue)
{
}


void DirectMailDispatcher::dispatch(const std::string& to, const std::string& templateName, const Mail::TemplateRenderer::Values& values)
{
	try
	{
		_mailer.deliver(to, templateName, values);
	}
	catch (...)
	{
		_pQueue->countDirect("email", false);
		throw;
	}
	_pQueue->countDirect("email", true);
}


} } // namespace AuthServer::Delivery
