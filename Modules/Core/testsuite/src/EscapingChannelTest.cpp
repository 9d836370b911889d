//
// EscapingChannelTest.cpp
//
// Log injection (OWASP ASVS 7.3.1): the escaper and the channel that
// applies it to every logger.
//


#include "AuthServer/Core/EscapingChannel.h"
#include "Poco/Logger.h"
#include "Poco/Message.h"
#include <cppunit/extensions/HelperMacros.h>
#include <vector>


using AuthServer::Core::EscapingChannel;


namespace
{
	class CapturingChannel: public Poco::Channel
	{
	public:
		void log(const Poco::Message& msg) override
		{
			texts.push_back(msg.getText());
		}

		std::vector<std::string> texts;
	};
}


class EscapingChannelTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(EscapingChannelTest);
	CPPUNIT_TEST(testCrLfAndControlsEscaped);
	CPPUNIT_TEST(testPrintableAndUtf8Untouched);
	CPPUNIT_TEST(testInvalidUtf8Escaped);
	CPPUNIT_TEST(testC1AndLineSeparatorsEscaped);
	CPPUNIT_TEST(testBackslashOnlyForValues);
	CPPUNIT_TEST(testCutAtMaxBytes);
	CPPUNIT_TEST(testChannelEscapesEveryMessage);
	CPPUNIT_TEST(testInstallEverywhereCoversNewLoggers);
	CPPUNIT_TEST_SUITE_END();

public:
	void testCrLfAndControlsEscaped()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a\\x0d\\x0aGET /forged 200"), EscapingChannel::escape("a\r\nGET /forged 200"));
		CPPUNIT_ASSERT_EQUAL(std::string("\\x00\\x09\\x1b[31m\\x7f"), EscapingChannel::escape(std::string("\0\t\x1b[31m\x7f", 8)));
		CPPUNIT_ASSERT(EscapingChannel::needsEscape("x\ny"));
	}

	void testPrintableAndUtf8Untouched()
	{
		std::string text = "GET /api/auth/login 200 1.2ms rid=ab-1 ip=127.0.0.1 Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x94\x91";
		CPPUNIT_ASSERT(!EscapingChannel::needsEscape(text));
		CPPUNIT_ASSERT_EQUAL(text, EscapingChannel::escape(text));
	}

	void testInvalidUtf8Escaped()
	{
		// A lone continuation byte, a truncated sequence, an overlong '/',
		// a UTF-16 surrogate and a byte past U+10FFFF (RFC 3629 §3-4).
		CPPUNIT_ASSERT_EQUAL(std::string("\\x80"), EscapingChannel::escape("\x80"));
		CPPUNIT_ASSERT_EQUAL(std::string("a\\xe2\\x82"), EscapingChannel::escape("a\xe2\x82"));
		CPPUNIT_ASSERT_EQUAL(std::string("\\xc0\\xaf"), EscapingChannel::escape("\xc0\xaf"));
		CPPUNIT_ASSERT_EQUAL(std::string("\\xed\\xa0\\x80"), EscapingChannel::escape("\xed\xa0\x80"));
		CPPUNIT_ASSERT_EQUAL(std::string("\\xf5\\x80\\x80\\x80"), EscapingChannel::escape("\xf5\x80\x80\x80"));
		CPPUNIT_ASSERT(EscapingChannel::needsEscape("\xff"));
	}

	void testC1AndLineSeparatorsEscaped()
	{
		// U+0085 (NEL) and U+2028/U+2029 end lines in some log viewers.
		CPPUNIT_ASSERT_EQUAL(std::string("a\\xc2\\x85b"), EscapingChannel::escape("a\xc2\x85" "b"));
		CPPUNIT_ASSERT_EQUAL(std::string("a\\u2028b\\u2029"), EscapingChannel::escape("a\xe2\x80\xa8" "b\xe2\x80\xa9"));
		CPPUNIT_ASSERT(EscapingChannel::needsEscape("\xe2\x80\xa8"));
		CPPUNIT_ASSERT(!EscapingChannel::needsEscape("\xc2\xa0")); // NBSP is printable
	}

	void testBackslashOnlyForValues()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a\\b"), EscapingChannel::escape("a\\b"));
		CPPUNIT_ASSERT_EQUAL(std::string("a\\x5cb"), EscapingChannel::escape("a\\b", true));
	}

	void testCutAtMaxBytes()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("abc..."), EscapingChannel::escape("abcdef", false, 3));
		CPPUNIT_ASSERT_EQUAL(std::string("abc"), EscapingChannel::escape("abc", false, 3));
		// A multi-byte character cut in half is escaped byte by byte.
		CPPUNIT_ASSERT_EQUAL(std::string("a\\xc3..."), EscapingChannel::escape("a\xc3\xab", false, 2));
	}

	void testChannelEscapesEveryMessage()
	{
		Poco::AutoPtr<CapturingChannel> pCapture(new CapturingChannel);
		Poco::AutoPtr<EscapingChannel> pEscaping(new EscapingChannel(pCapture));
		pEscaping->log(Poco::Message("t", "user agent: x\r\n2026-01-01 forged line", Poco::Message::PRIO_INFORMATION));
		pEscaping->log(Poco::Message("t", "clean line", Poco::Message::PRIO_INFORMATION));
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), pCapture->texts.size());
		CPPUNIT_ASSERT_EQUAL(std::string("user agent: x\\x0d\\x0a2026-01-01 forged line"), pCapture->texts[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("clean line"), pCapture->texts[1]);
	}

	void testInstallEverywhereCoversNewLoggers()
	{
		Poco::AutoPtr<CapturingChannel> pCapture(new CapturingChannel);
		Poco::Channel::Ptr pOldRoot = Poco::Logger::root().getChannel();
		Poco::Logger::root().setChannel(pCapture);
		Poco::Logger& existing = Poco::Logger::get("EscapingChannelTest.Existing");
		existing.setChannel(pCapture);
		EscapingChannel::installEverywhere();
		EscapingChannel::installEverywhere(); // idempotent: not wrapped twice
		existing.information("a\nb");
		Poco::Logger::get("EscapingChannelTest.Later").information("c\rd");
		Poco::Logger::root().setChannel(pOldRoot);
		Poco::Logger::get("EscapingChannelTest.Existing").setChannel(pOldRoot);
		Poco::Logger::get("EscapingChannelTest.Later").setChannel(pOldRoot);
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), pCapture->texts.size());
		CPPUNIT_ASSERT_EQUAL(std::string("a\\x0ab"), pCapture->texts[0]);
		CPPUNIT_ASSERT_EQUAL(std::string("c\\x0dd"), pCapture->texts[1]);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(EscapingChannelTest);
