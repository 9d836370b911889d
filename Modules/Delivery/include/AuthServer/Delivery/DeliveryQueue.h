//
// DeliveryQueue.h
//
// The durable queue that sends mail and SMS off the request thread.
//


#ifndef AuthServer_Delivery_DeliveryQueue_INCLUDED
#define AuthServer_Delivery_DeliveryQueue_INCLUDED


#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Mail/MailDispatcher.h"
#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Persistence/MessageQueueStore.h"
#include "AuthServer/Sms/SmsTransport.h"
#include "Poco/Event.h"
#include "Poco/Runnable.h"
#include "Poco/Thread.h"
#include <atomic>


namespace AuthServer {
namespace Delivery {


class DeliveryQueue: public Mail::MailDispatcher, public Poco::Runnable
	/// Accepts mail and SMS into the message_queue table (sealed with
	/// PayloadCipher) in the caller's thread, and sends them from one
	/// worker thread per instance through the real Mailer / SmsTransport.
	/// A failed attempt is retried after retryDelay * 2^(attempts-1)
	/// seconds (capped at maxRetryDelay); after maxAttempts the message is
	/// dropped, logged (id, channel, attempts, last error: never the
	/// payload) and counted. Workers of several instances share the table:
	/// a row is claimed by a conditional UPDATE with a lease, so it is sent
	/// once. Accepting never waits for a mail or SMS server.
{
public:
	struct Settings
	{
		int maxAttempts = 8;
		int retryDelay = 2;          /// seconds before the first retry
		int maxRetryDelay = 600;     /// seconds, cap of the back-off
		int pollInterval = 500;      /// milliseconds between scans when idle
		int lease = 120;             /// seconds a claim holds (> one send)
		bool queueMail = true;
		bool queueSms = true;
	};

	struct Counters
	{
		Poco::UInt64 sent = 0;
		Poco::UInt64 retried = 0;
		Poco::UInt64 dropped = 0;
	};

	DeliveryQueue(Persistence::MessageQueueStore& store, const PayloadCipher& cipher, Mail::Mailer& mailer, Sms::SmsTransport& sms, const Settings& settings);
	~DeliveryQueue() override;

	void dispatch(const std::string& to, const std::string& templateName, const Mail::TemplateRenderer::Values& values) override;
		/// Queues a mail; throws Poco::Data::DataException if the database
		/// cannot take it.

	void enqueueSms(const std::string& to, const std::string& body);
		/// Queues an SMS; throws as dispatch().

	void start();
		/// Starts the worker thread.

	void stop();
		/// Stops the worker after its current message (messages left stay
		/// queued for the next start or another instance).

	int processDue();
		/// Claims and attempts every due message once, in the calling
		/// thread; returns how many were attempted (the worker's step, for
		/// tests).

	Counters counters(const std::string& channel) const;
		/// Returns the counters of "email" or "sms" since start: the
		/// queue's own sends, and the direct ones countDirect() reported.

	void countDirect(const std::string& channel, bool sent);
		/// Counts one message of channel ("email" or "sms") sent directly,
		/// without the queue (CountingSmsTransport, DirectMailDispatcher):
		/// as sent, or as dropped when it failed (never retried).

	Poco::Int64 depth();
		/// Returns how many messages wait.

	void run() override;

private:
	struct ChannelCounters
	{
		std::atomic<Poco::UInt64> sent{0};
		std::atomic<Poco::UInt64> retried{0};
		std::atomic<Poco::UInt64> dropped{0};
	};

	void attempt(const Persistence::QueuedMessage& message);
	ChannelCounters& countersOf(const std::string& channel);

	Persistence::MessageQueueStore& _store;
	const PayloadCipher& _cipher;
	Mail::Mailer& _mailer;
	Sms::SmsTransport& _sms;
	Settings _settings;
	std::string _workerId;
	Poco::Thread _thread;
	Poco::Event _wake;
	std::atomic<bool> _stop{false};
	ChannelCounters _mail;
	ChannelCounters _text;
};


} } // namespace AuthServer::Delivery


#endif // AuthServer_Delivery_DeliveryQueue_INCLUDED
