//
// SmsSubsystem.cpp
//


#include "AuthServer/Sms/SmsSubsystem.h"
#include "AuthServer/Sms/OutboxSmsTransport.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/ConfigReader.h"
#include "Poco/Util/Application.h"


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Sms {


SmsSubsystem::SmsSubsystem() = default;


const char* SmsSubsystem::name() const
{
	return "AuthServer.Sms";
}


SmsTransport& SmsSubsystem::transport()
{
	return *_pTransport;
}


void SmsSubsystem::initialize(Poco::Util::Application& app)
{
	Core::ConfigReader reader(app.config());
	std::string transport = reader.getChoice(Keys::SMS_TRANSPORT, "outbox", {"outbox", "twilio"});
	if (transport == "twilio")
		throw ConfigurationException(Keys::SMS_TRANSPORT, "the twilio transport is not available in this build yet; use outbox");
	try
	{
		_pTransport = new OutboxSmsTransport(reader.getRequiredString(Keys::SMS_OUTBOX_FILE));
	}
	catch (Poco::FileException& exc)
	{
		throw ConfigurationException(Keys::SMS_OUTBOX_FILE, exc.displayText());
	}
}


void SmsSubsystem::uninitialize()
{
}


} } // namespace AuthServer::Sms
