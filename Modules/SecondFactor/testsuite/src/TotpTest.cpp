//
// TotpTest.cpp
//
// RFC 6238 codes, drift, replay, base32 and the QR code.
//


#include "AuthServer/SecondFactor/QrCode.h"
#include "AuthServer/SecondFactor/Totp.h"
#include "Poco/Exception.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer::SecondFactor;


class TotpTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(TotpTest);
	CPPUNIT_TEST(testRfc6238AppendixBSha1Vectors);
	CPPUNIT_TEST(testSixDigitCodesAreTheVectorsLastSixDigits);
	CPPUNIT_TEST(testOneStepOfDriftEitherSideAccepted);
	CPPUNIT_TEST(testStepOnceAcceptedIsRefusedAgain);
	CPPUNIT_TEST(testMalformedCodesRefused);
	CPPUNIT_TEST(testBase32Rfc4648Vectors);
	CPPUNIT_TEST(testQrCodeIsAnSvgDocument);
	CPPUNIT_TEST_SUITE_END();

public:
	// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890".
	const std::string SEED = "12345678901234567890";

	void testRfc6238AppendixBSha1Vectors()
	{
		const std::pair<Poco::Int64, const char*> vectors[] =
		{
			{59, "94287082"},
			{1111111109, "07081804"},
			{1111111111, "14050471"},
			{1234567890, "89005924"},
			{2000000000, "69279037"},
			{20000000000, "65353130"},
		};
		for (const auto& v: vectors)
			CPPUNIT_ASSERT_EQUAL(std::string(v.second), Totp::code(SEED, Totp::step(v.first), 8));
		// Appendix B's T column (hex) for two rows.
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0x1), Totp::step(59));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(0x27BC86AA), Totp::step(20000000000));
	}

	void testSixDigitCodesAreTheVectorsLastSixDigits()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("287082"), Totp::code(SEED, Totp::step(59)));
		CPPUNIT_ASSERT_EQUAL(std::string("081804"), Totp::code(SEED, Totp::step(1111111109)));
		CPPUNIT_ASSERT_EQUAL(std::string("005924"), Totp::code(SEED, Totp::step(1234567890)));
	}

	void testOneStepOfDriftEitherSideAccepted()
	{
		const Poco::Int64 now = 1234567890;
		const Poco::Int64 step = Totp::step(now);
		CPPUNIT_ASSERT(Totp::match(SEED, Totp::code(SEED, step), now, 0) == step);
		CPPUNIT_ASSERT(Totp::match(SEED, Totp::code(SEED, step - 1), now, 0) == step - 1);
		CPPUNIT_ASSERT(Totp::match(SEED, Totp::code(SEED, step + 1), now, 0) == step + 1);
		CPPUNIT_ASSERT(!Totp::match(SEED, Totp::code(SEED, step - 2), now, 0));
		CPPUNIT_ASSERT(!Totp::match(SEED, Totp::code(SEED, step + 2), now, 0));
	}

	void testStepOnceAcceptedIsRefusedAgain()
	{
		const Poco::Int64 now = 1234567890;
		const Poco::Int64 step = Totp::step(now);
		std::string code = Totp::code(SEED, step);
		CPPUNIT_ASSERT(Totp::match(SEED, code, now, step - 1) == step);
		CPPUNIT_ASSERT(!Totp::match(SEED, code, now, step));
		// An earlier step's code is refused once a later one was used.
		CPPUNIT_ASSERT(!Totp::match(SEED, Totp::code(SEED, step - 1), now, step));
		CPPUNIT_ASSERT(Totp::match(SEED, Totp::code(SEED, step + 1), now, step) == step + 1);
	}

	void testMalformedCodesRefused()
	{
		const Poco::Int64 now = 1234567890;
		std::string code = Totp::code(SEED, Totp::step(now));
		CPPUNIT_ASSERT(!Totp::match(SEED, "", now, 0));
		CPPUNIT_ASSERT(!Totp::match(SEED, code.substr(0, 5), now, 0));
		CPPUNIT_ASSERT(!Totp::match(SEED, code + "0", now, 0));
		CPPUNIT_ASSERT(!Totp::match(SEED, "12345a", now, 0));
	}

	void testBase32Rfc4648Vectors()
	{
		// RFC 4648 §10, without the padding authenticator apps omit.
		CPPUNIT_ASSERT_EQUAL(std::string("MY"), Totp::encodeSecret("f"));
		CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YQ"), Totp::encodeSecret("foob"));
		CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTBOI"), Totp::encodeSecret("foobar"));
		CPPUNIT_ASSERT_EQUAL(std::string("foobar"), Totp::decodeSecret("MZXW6YTBOI"));
		CPPUNIT_ASSERT_EQUAL(std::string("foob"), Totp::decodeSecret("mzxw6yq"));
		CPPUNIT_ASSERT_EQUAL(SEED, Totp::decodeSecret(Totp::encodeSecret(SEED)));
		CPPUNIT_ASSERT_THROW(Totp::decodeSecret("M!XW6YQ"), Poco::DataFormatException);
	}

	void testQrCodeIsAnSvgDocument()
	{
		std::string svg = QrCode::svg("otpauth://totp/AuthServer:ada%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=AuthServer");
		CPPUNIT_ASSERT_EQUAL(std::string("<svg "), svg.substr(0, 5));
		CPPUNIT_ASSERT(svg.find("</svg>") != std::string::npos);
		CPPUNIT_ASSERT(svg.find("h1v1h-1z") != std::string::npos);
		CPPUNIT_ASSERT(svg != QrCode::svg("otpauth://totp/other"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(TotpTest);
