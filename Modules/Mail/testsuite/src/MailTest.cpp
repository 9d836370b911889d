//
// MailTest.cpp
//
// Template rendering, message composition and the outbox transport.
//


#include "AuthServer/Mail/Mailer.h"
#include "AuthServer/Mail/OutboxMailTransport.h"
#include "AuthServer/Mail/SmtpAuthenticator.h"
#include "AuthServer/Mail/TemplateRenderer.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Environment.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Net/MailMessage.h"
#include "Poco/Net/NetException.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/TemporaryFile.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>


using namespace AuthServer::Mail;


namespace
{
	std::string templatesDir()
	{
		return Poco::Path(Poco::Environment::get("AUTHSERVER_SOURCE_DIR", ".")).append("Templates").toString();
	}
}


class MailTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MailTest);
	CPPUNIT_TEST(testHtmlValuesAreEscaped);
	CPPUNIT_TEST(testComposeIsMultipartAlternative);
	CPPUNIT_TEST(testHeaderInjectionStripped);
	CPPUNIT_TEST(testOutboxWritesCompleteEmlFiles);
	CPPUNIT_TEST(testMissingTemplateThrows);
	CPPUNIT_TEST(testEveryMailHasMessageIdAtPublicHostAndDate);
	CPPUNIT_TEST(testMessageIdFallsBackToSenderDomain);
	CPPUNIT_TEST(testSmtpAuthMechanismsFromEhlo);
	CPPUNIT_TEST(testSmtpAuthPrefersPlainWhenEncrypted);
	CPPUNIT_TEST(testSmtpAuthCleartextUsesPlainOnlyWhenAllowed);
	CPPUNIT_TEST_SUITE_END();

public:
	void testHtmlValuesAreEscaped()
	{
		TemplateRenderer renderer(templatesDir());
		RenderedMail mail = renderer.render("verification", {{"full_name", "<script>alert(1)</script> & Co"}, {"link", "http://x/verify-email?token=a&b=1"}, {"code", "123456"}, {"app_name", "AuthServer"}, {"lifetime_hours", "24"}});
		CPPUNIT_ASSERT(mail.html.find("<script>") == std::string::npos);
		CPPUNIT_ASSERT(mail.html.find("&lt;script&gt;") != std::string::npos);
		CPPUNIT_ASSERT(mail.text.find("<script>alert(1)</script> & Co") != std::string::npos);
		CPPUNIT_ASSERT(mail.text.find("http://x/verify-email?token=a&b=1") != std::string::npos);
		CPPUNIT_ASSERT(mail.text.find("123456") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("Confirm your email address for AuthServer"), mail.subject);
	}

	void testComposeIsMultipartAlternative()
	{
		auto renderer = std::make_shared<TemplateRenderer>(templatesDir());
		Mailer mailer(new OutboxMailTransport(Poco::TemporaryFile::tempName()), renderer, "AuthServer <no-reply@localhost>", {{"app_name", "AuthServer"}});
		Poco::Net::MailMessage msg;
		mailer.compose(msg, "ada@example.com", "verification", {{"full_name", "Ada"}, {"link", "L"}, {"code", "654321"}});
		std::ostringstream out;
		msg.write(out);
		std::string eml = out.str();
		CPPUNIT_ASSERT(eml.find("multipart/alternative") != std::string::npos);
		CPPUNIT_ASSERT(eml.find("text/plain") != std::string::npos);
		CPPUNIT_ASSERT(eml.find("text/html") != std::string::npos);
		CPPUNIT_ASSERT(eml.find("To: ada@example.com") != std::string::npos || eml.find("To: <ada@example.com>") != std::string::npos);
		CPPUNIT_ASSERT(eml.find("654321") != std::string::npos);
	}

	void testHeaderInjectionStripped()
	{
		auto renderer = std::make_shared<TemplateRenderer>(templatesDir());
		Mailer mailer(new OutboxMailTransport(Poco::TemporaryFile::tempName()), renderer, "AuthServer <no-reply@localhost>", {{"app_name", "Evil\r\nBcc: victim@example.com"}});
		Poco::Net::MailMessage msg;
		mailer.compose(msg, "a@example.com\r\nBcc: x@example.com", "verification", {});
		std::ostringstream out;
		msg.write(out);
		std::string eml = out.str();
		std::string headers = eml.substr(0, eml.find("\r\n\r\n"));
		CPPUNIT_ASSERT(headers.find("Subject:") != std::string::npos);
		CPPUNIT_ASSERT(headers.find("\nBcc:") == std::string::npos);
		CPPUNIT_ASSERT(headers.find("\rBcc:") == std::string::npos);
	}

	void testOutboxWritesCompleteEmlFiles()
	{
		std::string dir = Poco::TemporaryFile::tempName();
		auto renderer = std::make_shared<TemplateRenderer>(templatesDir());
		Mailer mailer(new OutboxMailTransport(dir), renderer, "AuthServer <no-reply@localhost>", {});
		mailer.send("one@example.com", "verification", {{"code", "111111"}});
		mailer.send("two@example.com", "password_changed", {});
		int count = 0;
		for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it)
		{
			CPPUNIT_ASSERT(it.name().size() > 4 && it.name().substr(it.name().size() - 4) == ".eml");
			++count;
		}
		CPPUNIT_ASSERT_EQUAL(2, count);
		Poco::File(dir).remove(true);
	}

	void testMissingTemplateThrows()
	{
		TemplateRenderer renderer(templatesDir());
		CPPUNIT_ASSERT(!renderer.has("no_such_template"));
		CPPUNIT_ASSERT_THROW(renderer.render("no_such_template", {}), Poco::NotFoundException);
		CPPUNIT_ASSERT_THROW(TemplateRenderer("/nonexistent/templates"), Poco::FileNotFoundException);
	}

	static std::string headerOf(const std::string& eml, const std::string& name)
	{
		std::string headers = eml.substr(0, eml.find("\r\n\r\n"));
		std::string::size_type at = headers.find("\r\n" + name + ": ");
		if (at == std::string::npos) return std::string();
		at += name.size() + 4;
		return headers.substr(at, headers.find("\r\n", at) - at);
	}

	static std::string composed(const Mailer::Values& common, const std::string& from = "AuthServer <no-reply@localhost>")
	{
		auto renderer = std::make_shared<TemplateRenderer>(templatesDir());
		Mailer mailer(new OutboxMailTransport(Poco::TemporaryFile::tempName()), renderer, from, common);
		Poco::Net::MailMessage msg;
		mailer.compose(msg, "ada@example.com", "password_changed", {});
		std::ostringstream out;
		msg.write(out);
		return "\r\n" + out.str();
	}

	void testEveryMailHasMessageIdAtPublicHostAndDate()
	{
		// RFC 5322 §3.6.4 (issue 16.3): <random@host of app.publicUrl>.
		std::string first = headerOf(composed({{"public_url", "https://auth.example.com:8443/base"}}), "Message-ID");
		std::string second = headerOf(composed({{"public_url", "https://auth.example.com:8443/base"}}), "Message-ID");
		CPPUNIT_ASSERT(first.size() > 20);
		CPPUNIT_ASSERT_EQUAL(std::string("<"), first.substr(0, 1));
		CPPUNIT_ASSERT(first.find("@auth.example.com>") == first.size() - 18);
		CPPUNIT_ASSERT(first != second);
		CPPUNIT_ASSERT(!headerOf(composed({}), "Date").empty());
		std::string literal = headerOf(composed({{"public_url", "http://127.0.0.1:8000"}}), "Message-ID");
		CPPUNIT_ASSERT(literal.find("@[127.0.0.1]>") != std::string::npos);
	}

	void testMessageIdFallsBackToSenderDomain()
	{
		std::string id = headerOf(composed({}, "Shop <no-reply@shop.example>"), "Message-ID");
		CPPUNIT_ASSERT(id.find("@shop.example>") != std::string::npos);
	}

	void testSmtpAuthMechanismsFromEhlo()
	{
		std::set<std::string> offered = SmtpAuthenticator::mechanisms("250-mx.example\n250-8BITMIME\n250-AUTH login PLAIN\n250 HELP");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), offered.size());
		CPPUNIT_ASSERT(offered.count("LOGIN") && offered.count("PLAIN"));
		CPPUNIT_ASSERT(SmtpAuthenticator::mechanisms("250-mx\n250 AUTH=LOGIN").count("LOGIN"));
		CPPUNIT_ASSERT(SmtpAuthenticator::mechanisms("250-mx\n250-AUTHX FOO\n250 SIZE 100").empty());
	}

	void testSmtpAuthPrefersPlainWhenEncrypted()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("PLAIN"), SmtpAuthenticator::choose({"LOGIN", "PLAIN"}, true, "login"));
		CPPUNIT_ASSERT_EQUAL(std::string("LOGIN"), SmtpAuthenticator::choose({"LOGIN", "CRAM-MD5"}, true, "plain"));
		CPPUNIT_ASSERT_THROW(SmtpAuthenticator::choose({"CRAM-MD5"}, true, "login"), Poco::Net::SMTPException);
		CPPUNIT_ASSERT_THROW(SmtpAuthenticator::choose({}, true, "login"), Poco::Net::SMTPException);
	}

	void testSmtpAuthCleartextUsesPlainOnlyWhenAllowed()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("LOGIN"), SmtpAuthenticator::choose({"LOGIN", "PLAIN"}, false, "login"));
		CPPUNIT_ASSERT_THROW(SmtpAuthenticator::choose({"PLAIN"}, false, "login"), Poco::Net::SMTPException);
		CPPUNIT_ASSERT_EQUAL(std::string("PLAIN"), SmtpAuthenticator::choose({"LOGIN", "PLAIN"}, false, "plain"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(MailTest);
