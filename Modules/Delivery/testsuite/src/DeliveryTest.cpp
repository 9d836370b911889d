//
// DeliveryTest.cpp
//
// The sealed, durable delivery queue: retries with back-off, drops after
// the last attempt, one sender per message across workers.
//


#include "AuthServer/Delivery/CountingSmsTransport.h"
#include "AuthServer/Delivery/DeliveryQueue.h"
#include "AuthServer/Delivery/DirectMailDispatcher.h"
#include "AuthServer/Delivery/PayloadCipher.h"
#include "AuthServer/Core/SecureRandom.h"
#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/MessageQueueStore.h"
#include "AuthServer/Persistence/MigrationRunner.h"
#include "Poco/Data/Statement.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Environment.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>


using namespace AuthServer;
using namespace Poco::Data::Keywords;


namespace
{
	class ScriptedSms: public Sms::SmsTransport
		/// Fails the first `failures` sends, then records each message.
	{
	public:
		explicit ScriptedSms(int failures): _failures(failures) {}

		void send(const std::string& to, const std::string& body) override
		{
			std::lock_guard<std::mutex> lock(_mutex);
			if (_failures > 0)
			{
				--_failures;
				throw Poco::IOException("provider down");
			}
			sent[to + " " + body]++;
		}

		std::string name() const override { return "scripted"; }

		std::map<std::string, int> sent;

	private:
		int _failures;
		std::mutex _mutex;
	};

	struct Fixture
	{
		Fixture():
			root(Poco::TemporaryFile::tempName())
		{
			Poco::File(root).createDirectories();
			std::string source = Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".");
			database.reset(new Persistence::Database("sqlite", Poco::Path(root, "q.db").toString(), 4));
			Persistence::MigrationRunner(*database, Poco::Path(source).append("Migrations/sqlite").toString()).migrate();
			store.reset(new Persistence::MessageQueueStore(*database));
			auto renderer = std::make_shared<Mail::TemplateRenderer>(Poco::Path(source).append("Templates").toString());
			mailer.reset(new Mail::Mailer(new Mail::OutboxMailTransport(Poco::Path(root, "mail").toString()), renderer, "AuthServer <no-reply@localhost>", {{"app_name", "AuthServer"}}));
		}

		~Fixture()
		{
			store.reset();
			database.reset();
			try { Poco::File(root).remove(true); } catch (...) {}
		}

		void makeDue()
		{
			Poco::Data::Session db = database->session();
			db << "UPDATE message_queue SET next_attempt_at = 0", now;
		}

		int mails()
		{
			Poco::File dir(Poco::Path(root, "mail"));
			if (!dir.exists()) return 0;
			int n = 0;
			for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it) if (it.name().find(".eml") != std::string::npos) ++n;
			return n;
		}

		std::string root;
		std::unique_ptr<Persistence::Database> database;
		std::unique_ptr<Persistence::MessageQueueStore> store;
		std::unique_ptr<Mail::Mailer> mailer;
		Delivery::PayloadCipher cipher{std::string(32, 'k')};
	};
}


class DeliveryTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DeliveryTest);
	CPPUNIT_TEST(testCipherRoundTripAndTamperRefused);
	CPPUNIT_TEST(testPayloadNeverStoredInClear);
	CPPUNIT_TEST(testRetryWithBackoffThenSent);
	CPPUNIT_TEST(testDroppedAfterLastAttempt);
	CPPUNIT_TEST(testMailThroughDispatcherArrives);
	CPPUNIT_TEST(testConcurrentWorkersSendEachMessageOnce);
	CPPUNIT_TEST(testWorkerThreadSends);
	CPPUNIT_TEST(testDirectSendsAreCounted);
	CPPUNIT_TEST_SUITE_END();

public:
	void testCipherRoundTripAndTamperRefused()
	{
		Delivery::PayloadCipher cipher(Core::SecureRandom::bytes(32));
		std::string sealed = cipher.seal("code 123456");
		CPPUNIT_ASSERT(sealed.find("123456") == std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("code 123456"), cipher.open(sealed));
		CPPUNIT_ASSERT(cipher.seal("code 123456") != sealed); // random IV
		Delivery::PayloadCipher other(Core::SecureRandom::bytes(32));
		CPPUNIT_ASSERT_THROW(other.open(sealed), Poco::Exception);
		std::string altered = sealed;
		altered[altered.size() - 3] = altered[altered.size() - 3] == 'A' ? 'B' : 'A';
		CPPUNIT_ASSERT_THROW(cipher.open(altered), Poco::Exception);
		CPPUNIT_ASSERT_THROW(Delivery::PayloadCipher("short"), Poco::InvalidArgumentException);
	}

	void testPayloadNeverStoredInClear()
	{
		Fixture f;
		ScriptedSms sms(0);
		Delivery::DeliveryQueue queue(*f.store, f.cipher, *f.mailer, sms, {});
		queue.enqueueSms("+916205829376", "Your code: 654321");
		Poco::Data::Session db = f.database->session();
		std::string payload;
		db << "SELECT payload FROM message_queue", into(payload), now;
		CPPUNIT_ASSERT(!payload.empty());
		CPPUNIT_ASSERT(payload.find("654321") == std::string::npos);
		CPPUNIT_ASSERT(payload.find("916205829376") == std::string::npos);
	}

	void testRetryWithBackoffThenSent()
	{
		Fixture f;
		ScriptedSms sms(2);
		Delivery::DeliveryQueue::Settings s;
		s.retryDelay = 30;
		Delivery::DeliveryQueue queue(*f.store, f.cipher, *f.mailer, sms, s);
		queue.enqueueSms("+916205829376", "hello");
		CPPUNIT_ASSERT_EQUAL(1, queue.processDue());
		// Back-off: not due again before retryDelay.
		CPPUNIT_ASSERT_EQUAL(0, queue.processDue());
		Poco::Data::Session db = f.database->session();
		Poco::Int64 next = 0, created = 0;
		db << "SELECT next_attempt_at, created_at FROM message_queue", into(next), into(created), now;
		CPPUNIT_ASSERT(next - created >= 29 && next - created <= 31);
		f.makeDue();
		CPPUNIT_ASSERT_EQUAL(1, queue.processDue());
		db << "SELECT next_attempt_at, created_at FROM message_queue", into(next), into(created), now;
		CPPUNIT_ASSERT(next - created >= 59 && next - created <= 61); // doubled
		f.makeDue();
		CPPUNIT_ASSERT_EQUAL(1, queue.processDue());
		CPPUNIT_ASSERT_EQUAL(1, sms.sent["+916205829376 hello"]);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), queue.depth());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue.counters("sms").sent);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(2), queue.counters("sms").retried);
	}

	void testDroppedAfterLastAttempt()
	{
		Fixture f;
		ScriptedSms sms(100);
		Delivery::DeliveryQueue::Settings s;
		s.maxAttempts = 3;
		Delivery::DeliveryQueue queue(*f.store, f.cipher, *f.mailer, sms, s);
		queue.enqueueSms("+916205829376", "hello");
		for (int i = 0; i < 3; ++i)
		{
			f.makeDue();
			CPPUNIT_ASSERT_EQUAL(1, queue.processDue());
		}
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), queue.depth());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue.counters("sms").dropped);
		CPPUNIT_ASSERT(sms.sent.empty());
	}

	void testMailThroughDispatcherArrives()
	{
		Fixture f;
		ScriptedSms sms(0);
		Poco::SharedPtr<Delivery::DeliveryQueue> queue(new Delivery::DeliveryQueue(*f.store, f.cipher, *f.mailer, sms, {}));
		f.mailer->setDispatcher(queue);
		f.mailer->send("ada@example.com", "password_changed", {{"full_name", "Ada"}, {"changed_at", "now"}});
		CPPUNIT_ASSERT_EQUAL(0, f.mails());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), queue->depth());
		CPPUNIT_ASSERT_THROW(f.mailer->send("ada@example.com", "no_such_template", {}), Poco::NotFoundException);
		CPPUNIT_ASSERT_EQUAL(1, queue->processDue());
		CPPUNIT_ASSERT_EQUAL(1, f.mails());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue->counters("email").sent);
		f.mailer->setDispatcher(nullptr);
	}

	void testDirectSendsAreCounted()
	{
		// Unqueued delivery (outbox, delivery.queue=off) sends at once and
		// still shows in the counters GET /metrics reports.
		Fixture f;
		ScriptedSms sms(1);
		Poco::SharedPtr<Delivery::DeliveryQueue> queue(new Delivery::DeliveryQueue(*f.store, f.cipher, *f.mailer, sms, {}));
		Delivery::CountingSmsTransport direct(sms, *queue);
		CPPUNIT_ASSERT_THROW(direct.send("+916205829376", "first"), Poco::IOException);
		direct.send("+916205829376", "second");
		CPPUNIT_ASSERT_EQUAL(std::string("scripted"), direct.name());
		CPPUNIT_ASSERT_EQUAL(1, sms.sent["+916205829376 second"]);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue->counters("sms").sent);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue->counters("sms").dropped);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(0), queue->counters("sms").retried);

		f.mailer->setDispatcher(new Delivery::DirectMailDispatcher(*f.mailer, queue));
		f.mailer->send("ada@example.com", "password_changed", {{"full_name", "Ada"}, {"changed_at", "now"}});
		CPPUNIT_ASSERT_EQUAL(1, f.mails());                      // sent at once, not queued
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0), queue->depth());
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue->counters("email").sent);
		CPPUNIT_ASSERT_THROW(f.mailer->send("ada@example.com", "no_such_template", {}), Poco::NotFoundException);
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue->counters("email").sent);
		f.mailer->setDispatcher(nullptr);
	}

	void testConcurrentWorkersSendEachMessageOnce()
	{
		Fixture f;
		ScriptedSms sms(0);
		Delivery::DeliveryQueue a(*f.store, f.cipher, *f.mailer, sms, {});
		Delivery::DeliveryQueue b(*f.store, f.cipher, *f.mailer, sms, {});
		for (int i = 0; i < 40; ++i) a.enqueueSms("+916205829376", "m" + std::to_string(i));
		std::atomic<int> attempted{0};
		auto work = [&](Delivery::DeliveryQueue& q) { for (int i = 0; i < 50; ++i) attempted += q.processDue(); };
		std::thread ta(work, std::ref(a)), tb(work, std::ref(b));
		ta.join();
		tb.join();
		CPPUNIT_ASSERT_EQUAL(40, attempted.load());
		CPPUNIT_ASSERT_EQUAL(std::size_t(40), sms.sent.size());
		for (const auto& kv: sms.sent) CPPUNIT_ASSERT_EQUAL(1, kv.second);
	}

	void testWorkerThreadSends()
	{
		Fixture f;
		ScriptedSms sms(0);
		Delivery::DeliveryQueue queue(*f.store, f.cipher, *f.mailer, sms, {});
		queue.start();
		queue.enqueueSms("+916205829376", "async");
		for (int i = 0; i < 100 && queue.counters("sms").sent == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
		queue.stop();
		CPPUNIT_ASSERT_EQUAL(Poco::UInt64(1), queue.counters("sms").sent);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(DeliveryTest);
