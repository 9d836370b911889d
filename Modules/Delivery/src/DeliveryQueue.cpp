//
// DeliveryQueue.cpp
//


#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include <algorithm>
#include <sstream>


namespace AuthServer {
namespace Delivery {


namespace
{
	Poco::Logger& logger()
	{
		return Poco::Logger::get("AuthServer.Delivery");
	}

	std::string stringify(const Poco::JSON::Object& o)
	{
		std::ostringstream out;
		o.stringify(out);
		return out.str();
	}
}


DeliveryQueue::DeliveryQueue(Persistence::MessageQueueStore& store, const PayloadCipher& cipher, Mail::Mailer& mailer, Sms::SmsTransport& sms, const Settings& settings):
	_store(store),
	_cipher(cipher),
	_mailer(mailer),
	_sms(sms),
	_settings(settings),
	_workerId(Core::SecureRandom::token(9)),
	_thread("delivery"),
	_wake(Poco::Event::EVENT_AUTORESET)
{
}


DeliveryQueue::~DeliveryQueue()
{
	try
	{
		stop();
	}
	catch (...)
	{
	}
}


void DeliveryQueue::dispatch(const std::string& to, const std::string& templateName, const Mail::TemplateRenderer::Values& values)
{
	Poco::JSON::Object payload;
	payload.set("to", to);
	payload.set("template", templateName);
	Poco::JSON::Object v;
	for (const auto& kv: values) v.set(kv.first, kv.second);
	payload.set("values", v);
	_store.insert("email", _cipher.seal(stringify(payload)), Core::Clock::now());
	_wake.set();
}


void DeliveryQueue::enqueueSms(const std::string& to, const std::string& body)
{
	Poco::JSON::Object payload;
	payload.set("to", to);
	payload.set("body", body);
	_store.insert("sms", _cipher.seal(stringify(payload)), Core::Clock::now());
	_wake.set();
}


void DeliveryQueue::start()
{
	_stop = false;
	if (!_thread.isRunning()) _thread.start(*this);
}


void DeliveryQueue::stop()
{
	_stop = true;
	_wake.set();
	if (_thread.isRunning()) _thread.join();
}


void DeliveryQueue::run()
{
	while (!_stop)
	{
		int attempted = 0;
		try
		{
			attempted = processDue();
		}
		catch (Poco::Exception& exc)
		{
			logger().error("delivery queue scan failed: %s", exc.displayText());
		}
		if (attempted == 0 && !_stop) _wake.tryWait(_settings.pollInterval);
	}
}


int DeliveryQueue::processDue()
{
	std::vector<Persistence::QueuedMessage> batch = _store.claim(_workerId, Core::Clock::now(), _settings.lease, 20);
	for (const auto& message: batch)
	{
		if (_stop) break;
		attempt(message);
	}
	return static_cast<int>(batch.size());
}


void DeliveryQueue::attempt(const Persistence::QueuedMessage& message)
{
	ChannelCounters& counters = countersOf(message.channel);
	std::string error;
	try
	{
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr payload = parser.parse(_cipher.open(message.payload)).extract<Poco::JSON::Object::Ptr>();
		std::string to = payload->getValue<std::string>("to");
		if (message.channel == "email")
		{
			Mail::TemplateRenderer::Values values;
			Poco::JSON::Object::Ptr v = payload->getObject("values");
			for (const auto& name: v->getNames()) values[name] = v->getValue<std::string>(name);
			_mailer.deliver(to, payload->getValue<std::string>("template"), values);
		}
		else
		{
			_sms.send(to, payload->getValue<std::string>("body"));
		}
		_store.remove(message.id);
		++counters.sent;
		if (message.attempts > 0)
			logger().information("%s message #%s sent at attempt %d", message.channel, std::to_string(message.id), message.attempts + 1);
		return;
	}
	catch (Poco::Exception& exc)
	{
		error = exc.displayText();
	}
	catch (std::exception& exc)
	{
		error = exc.what();
	}
	int attempts = message.attempts + 1;
	if (attempts >= _settings.maxAttempts)
	{
		_store.remove(message.id);
		++counters.dropped;
		logger().error("%s message #%s dropped after %d attempts; last error: %s", message.channel, std::to_string(message.id), attempts, error);
		return;
	}
	Poco::Int64 delay = _settings.retryDelay;
	for (int i = 1; i < attempts && delay < _settings.maxRetryDelay; ++i) delay *= 2;
	delay = std::min<Poco::Int64>(delay, _settings.maxRetryDelay);
	_store.reschedule(message.id, attempts, Core::Clock::now() + delay, error);
	++counters.retried;
	logger().warning("%s message #%s attempt %d failed, retry in %s s: %s", message.channel, std::to_string(message.id), attempts, std::to_string(delay), error);
}


DeliveryQueue::ChannelCounters& DeliveryQueue::countersOf(const std::string& channel)
{
	return channel == "sms" ? _text : _mail;
}


void DeliveryQueue::countDirect(const std::string& channel, bool sent)
{
	ChannelCounters& counters = countersOf(channel);
	if (sent) ++counters.sent;
	else ++counters.dropped;
}


DeliveryQueue::Counters DeliveryQueue::counters(const std::string& channel) const
{
	const ChannelCounters& c = channel == "sms" ? _text : _mail;
	return Counters{c.sent.load(), c.retried.load(), c.dropped.load()};
}


Poco::Int64 DeliveryQueue::depth()
{
	return _store.depth();
}


} } // namespace AuthServer::Delivery
