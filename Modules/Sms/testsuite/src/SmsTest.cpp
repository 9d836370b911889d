//
// SmsTest.cpp
//
// The outbox SMS transport.
//


#include "AuthServer/Sms/OutboxSmsTransport.h"
#include "AuthServer/Sms/TwilioSmsTransport.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>
#include <thread>
#include <vector>


using namespace AuthServer::Sms;


class SmsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SmsTest);
	CPPUNIT_TEST(testOutboxAppendsOneJsonLinePerMessage);
	CPPUNIT_TEST(testOutboxLinesNeverInterleave);
	CPPUNIT_TEST(testTwilioSettingsChecked);
	CPPUNIT_TEST_SUITE_END();

public:
	void testOutboxAppendsOneJsonLinePerMessage()
	{
		Poco::TemporaryFile dir;
		std::string file = Poco::Path(dir.path()).append("sub/sms.jsonl").toString();
		OutboxSmsTransport transport(file);
		transport.send("+442071838750", "Your code is 123456.\nQuote \" and tab\t.");
		transport.send("+916205829376", "second");
		std::vector<std::string> lines = readLines(file);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), lines.size());
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr first = parser.parse(lines[0]).extract<Poco::JSON::Object::Ptr>();
		CPPUNIT_ASSERT_EQUAL(std::string("+442071838750"), first->getValue<std::string>("to"));
		CPPUNIT_ASSERT_EQUAL(std::string("Your code is 123456.\nQuote \" and tab\t."), first->getValue<std::string>("body"));
		std::string sentAt = first->getValue<std::string>("sent_at");
		CPPUNIT_ASSERT_EQUAL(std::size_t(20), sentAt.size());
		CPPUNIT_ASSERT_EQUAL('Z', sentAt.back());
		parser.reset();
		Poco::JSON::Object::Ptr second = parser.parse(lines[1]).extract<Poco::JSON::Object::Ptr>();
		CPPUNIT_ASSERT_EQUAL(std::string("second"), second->getValue<std::string>("body"));
		CPPUNIT_ASSERT_EQUAL(std::string("outbox"), transport.name());
	}

	void testOutboxLinesNeverInterleave()
	{
		Poco::TemporaryFile dir;
		Poco::File(dir.path()).createDirectories();
		std::string file = Poco::Path(dir.path()).append("sms.jsonl").toString();
		OutboxSmsTransport transport(file);
		std::vector<std::thread> threads;
		for (int t = 0; t < 4; ++t)
			threads.emplace_back([&transport, t]() { for (int i = 0; i < 50; ++i) transport.send("+44207183875" + std::to_string(t), std::string(500, 'a' + t)); });
		for (auto& th: threads) th.join();
		std::vector<std::string> lines = readLines(file);
		CPPUNIT_ASSERT_EQUAL(std::size_t(200), lines.size());
		for (const std::string& line: lines)
		{
			Poco::JSON::Parser parser;
			Poco::JSON::Object::Ptr o = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
			std::string body = o->getValue<std::string>("body");
			CPPUNIT_ASSERT_EQUAL(std::size_t(500), body.size());
			CPPUNIT_ASSERT(body.find_first_not_of(body[0]) == std::string::npos);
		}
	}

	void testTwilioSettingsChecked()
	{
		TwilioSmsTransport::Settings s;
		s.accountSid = "AC0123456789abcdef0123456789abcdef";
		s.authToken = "token";
		s.from = "+15005550006";
		s.baseUrl = "http://127.0.0.1:9";
		CPPUNIT_ASSERT_EQUAL(std::string("twilio"), TwilioSmsTransport(s).name());
		s.baseUrl = "http://[::1]:9";
		CPPUNIT_ASSERT_NO_THROW(TwilioSmsTransport t(s));
		s.baseUrl = "http://api.example.com";
		CPPUNIT_ASSERT_THROW(TwilioSmsTransport t(s), Poco::InvalidArgumentException);
		s.baseUrl = "ftp://127.0.0.1";
		CPPUNIT_ASSERT_THROW(TwilioSmsTransport t(s), Poco::InvalidArgumentException);
		s.baseUrl = "http://127.0.0.1:9";
		s.accountSid = "AC../../x";
		CPPUNIT_ASSERT_THROW(TwilioSmsTransport t(s), Poco::InvalidArgumentException);
		s.accountSid = "AC0123456789abcdef0123456789abcdef";
		s.authToken = "";
		CPPUNIT_ASSERT_THROW(TwilioSmsTransport t(s), Poco::InvalidArgumentException);
		s.authToken = "token";
		s.from = "";
		CPPUNIT_ASSERT_THROW(TwilioSmsTransport t(s), Poco::InvalidArgumentException);
	}

private:
	static std::vector<std::string> readLines(const std::string& file)
	{
		Poco::FileInputStream in(file);
		std::vector<std::string> lines;
		std::string line;
		while (std::getline(in, line)) if (!line.empty()) lines.push_back(line);
		return lines;
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(SmsTest);
