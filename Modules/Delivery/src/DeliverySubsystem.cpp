//
// DeliverySubsystem.cpp
//


#include "AuthServer/Delivery/DeliverySubsystem.h"
#include "AuthServer/Delivery/CountingSmsTransport.h"
#include "AuthServer/Delivery/DirectMailDispatcher.h"
#include "AuthServer/Delivery/QueuedSmsTransport.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/ConfigReader.h"
#include "AuthServer/Core/EmbeddedSecret.h"
#include "AuthServer/Core/SecureRandom.h"
#include "AuthServer/Mail/MailSubsystem.h"
#include "AuthServer/Persistence/PersistenceSubsystem.h"
#include "AuthServer/Sms/SmsSubsystem.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/String.h"
#include "Poco/Util/Application.h"
#include <sys/stat.h>


using AuthServer::Core::ConfigurationException;
namespace Keys = AuthServer::Core::Keys;


namespace AuthServer {
namespace Delivery {


DeliverySubsystem::DeliverySubsystem() = default;


const char* DeliverySubsystem::name() const
{
	return "AuthServer.Delivery";
}


Sms::SmsTransport& DeliverySubsystem::smsTransport()
{
	return *_pSms;
}


DeliveryQueue& DeliverySubsystem::queue()
{
	return *_pQueue;
}


void DeliverySubsystem::initialize(Poco::Util::Application& app)
{
	Core::ConfigReader reader(app.config());
	std::string mode = reader.getChoice(Keys::DELIVERY_QUEUE);
	DeliveryQueue::Settings settings;
	settings.maxAttempts = reader.getInt(Keys::DELIVERY_MAX_ATTEMPTS);
	settings.retryDelay = reader.getInt(Keys::DELIVERY_RETRY_DELAY);
	settings.maxRetryDelay = reader.getInt(Keys::DELIVERY_MAX_RETRY_DELAY);
	if (settings.maxRetryDelay < settings.retryDelay)
		throw ConfigurationException(Keys::DELIVERY_MAX_RETRY_DELAY, "must not be below delivery.retryDelay");
	settings.pollInterval = reader.getInt(Keys::DELIVERY_POLL_INTERVAL);
	bool smtp = reader.getChoice(Keys::MAIL_TRANSPORT) == "smtp";
	bool twilio = reader.getChoice(Keys::SMS_TRANSPORT) == "twilio";
	settings.queueMail = mode == "on" || (mode == "auto" && smtp);
	settings.queueSms = mode == "on" || (mode == "auto" && twilio);

	std::string secret = Poco::trim(reader.getString(Keys::DELIVERY_KEY));
	if (secret.empty())
	{
		try
		{
			secret = Core::EmbeddedSecret::readOrCreate(reader.getString(Keys::APP_DATA_DIRECTORY), "delivery.key");
		}
		catch (Poco::Exception& exc)
		{
			throw ConfigurationException(Keys::DELIVERY_KEY, "empty, and no key can be kept in app.dataDirectory: " + exc.displayText());
		}
	}
	else if (secret.size() < 32)
	{
		throw ConfigurationException(Keys::DELIVERY_KEY, "must be at least 32 characters");
	}

	Persistence::Database& database = app.getSubsystem<Persistence::PersistenceSubsystem>().database();
	Mail::Mailer& mailer = app.getSubsystem<Mail::MailSubsystem>().mailer();
	Sms::SmsTransport& sms = app.getSubsystem<Sms::SmsSubsystem>().transport();
	_pStore.reset(new Persistence::MessageQueueStore(database));
	_pCipher.reset(new PayloadCipher(Core::Digests::deriveKey("authserver delivery queue", secret)));
	_pQueue = new DeliveryQueue(*_pStore, *_pCipher, mailer, sms, settings);
	_pSms = &sms;
	if (settings.queueSms)
	{
		_pQueuedSms = new QueuedSmsTransport(*_pQueue, sms.name());
		_pSms = _pQueuedSms.get();
	}
	else
	{
		// Direct sends are counted too (GET /metrics: sent / dropped).
		_pQueuedSms = new CountingSmsTransport(sms, *_pQueue);
		_pSms = _pQueuedSms.get();
	}
	if (settings.queueMail) mailer.setDispatcher(_pQueue);
	else mailer.setDispatcher(new DirectMailDispatcher(mailer, _pQueue));
	// Messages an earlier run accepted are sent even when this run does
	// not queue new ones.
	_pQueue->start();
	app.logger().information("delivery queue: mail %s, sms %s, %d attempts, back-off from %d s to %d s",
		std::string(settings.queueMail ? "queued" : "direct"), std::string(settings.queueSms ? "queued" : "direct"),
		settings.maxAttempts, settings.retryDelay, settings.maxRetryDelay);
}


void DeliverySubsystem::uninitialize()
{
	if (_pQueue) _pQueue->stop();
}


} } // namespace AuthServer::Delivery
