//
// DeliverySubsystem.h
//
// Reads the delivery.* keys, runs the delivery queue's worker.
//


#ifndef AuthServer_Delivery_DeliverySubsystem_INCLUDED
#define AuthServer_Delivery_DeliverySubsystem_INCLUDED


#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Persistence/MessageQueueStore.h"
#include "AuthServer/Sms/SmsTransport.h"
#include "Poco/Util/Subsystem.h"
#include <memory>


namespace AuthServer {
namespace Delivery {


class DeliverySubsystem: public Poco::Util::Subsystem
	/// Owns delivery.queue (auto: queue mail when mail.transport=smtp and
	/// SMS when sms.transport=twilio; on: both; off: send in the request),
	/// delivery.maxAttempts, delivery.retryDelay, delivery.maxRetryDelay,
	/// delivery.pollInterval and delivery.key (the secret the queue's
	/// AES-256 key is derived from with SHA-256; empty: a random one kept in
	/// {app.dataDirectory}/delivery.key, mode 0600; every instance sharing a
	/// database needs the same). Needs the Persistence, Mail and Sms
	/// subsystems added before it. Throws Core::ConfigurationException
	/// naming the key for a bad value.
{
public:
	DeliverySubsystem();

	const char* name() const override;

	Sms::SmsTransport& smsTransport();
		/// Returns the SMS transport the services use: queued, or the real
		/// one when SMS is not queued. Valid after initialize().

	DeliveryQueue& queue();
		/// Returns the queue. Valid after initialize().

protected:
	void initialize(Poco::Util::Application& app) override;
	void uninitialize() override;

private:
	std::unique_ptr<Persistence::MessageQueueStore> _pStore;
	std::unique_ptr<PayloadCipher> _pCipher;
	Poco::SharedPtr<DeliveryQueue> _pQueue;
	Sms::SmsTransport::Ptr _pQueuedSms;
	Sms::SmsTransport* _pSms = nullptr;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_DeliverySubsystem_INCLUDED
