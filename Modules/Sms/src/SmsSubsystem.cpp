//
// SmsSubsystem.cpp
//


#include "AuthServer/Sms/SmsSubsystem.h"
#include "AuthServer/Sms/OutboxSmsTransport.h"
#include "AuthServer/Sms/TwilioSmsTransport.h"
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
	std::string transport = reader.getChoice(Keys::SMS_TRANSPORT);
	if (transport == "twilio")
	{
		TwilioSmsTransport::Settings twilio;
		twilio.baseUrl = reader.getString(Keys::TWILIO_BASE_URL);
		twilio.accountSid = reader.getString(Keys::TWILIO_ACCOUNT_SID);
		twilio.authToken = reader.getString(Keys::TWILIO_AUTH_TOKEN);
		twilio.from = reader.getString(Keys::TWILIO_FROM);
		twilio.caFile = reader.getString(Keys::TWILIO_CA_FILE);
		twilio.timeout = reader.getInt(Keys::TWILIO_TIMEOUT);
		try
		{
			_pTransport = new TwilioSmsTransport(twilio);
		}
		catch (Poco::InvalidArgumentException& exc)
		{
			// The message is "<key>: <what is wrong>".
			std::string message = exc.message();
			std::size_t colon = message.find(": ");
			if (colon == std::string::npos) throw ConfigurationException(Keys::SMS_TRANSPORT, message);
			throw ConfigurationException(message.substr(0, colon), message.substr(colon + 2));
		}
		return;
	}
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
