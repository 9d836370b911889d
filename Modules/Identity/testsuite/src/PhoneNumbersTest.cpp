//
// PhoneNumbersTest.cpp
//
// E.164 normalisation (API.md: phone numbers are E.164 or refused with 400
// invalid_phone_number), with the cases fuzz_phone found.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Identity::PhoneNumbers;


class PhoneNumbersTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(PhoneNumbersTest);
	CPPUNIT_TEST(testNormalisesToE164);
	CPPUNIT_TEST(testNationalNeedsDefaultRegion);
	CPPUNIT_TEST(testRefusesInvalid);
	CPPUNIT_TEST(testRefusesMoreThan15DigitsAndExtensions);
	CPPUNIT_TEST(testNormalFormIsStable);
	CPPUNIT_TEST(testUnknownRegionRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	static bool refused(const PhoneNumbers& numbers, const std::string& raw)
	{
		try
		{
			numbers.normalize(raw);
			return false;
		}
		catch (ValidationException& exc)
		{
			CPPUNIT_ASSERT(exc.problem() == Problem::InvalidPhoneNumber);
			CPPUNIT_ASSERT(exc.errors().count("phone_number"));
			return true;
		}
	}

	void testNormalisesToE164()
	{
		PhoneNumbers numbers("");
		CPPUNIT_ASSERT_EQUAL(std::string("+916205829376"), numbers.normalize("+91 62058 29376"));
		CPPUNIT_ASSERT_EQUAL(std::string("+16502530000"), numbers.normalize(" +1 (650) 253-0000 "));
		CPPUNIT_ASSERT_EQUAL(std::string("+916205829376"), numbers.normalize(numbers.normalize("+91-6205829376")));
	}

	void testNationalNeedsDefaultRegion()
	{
		CPPUNIT_ASSERT(refused(PhoneNumbers(""), "06205829376"));
		CPPUNIT_ASSERT_EQUAL(std::string("+916205829376"), PhoneNumbers("in").normalize("06205829376"));
	}

	void testRefusesInvalid()
	{
		PhoneNumbers numbers("IN");
		for (const char* raw: {"", "   ", "+", "12345", "+999 123", "not a number", "+91 62058 2937", "+9162058293761234567890123456789012"})
			CPPUNIT_ASSERT(refused(numbers, raw));
	}

	void testRefusesMoreThan15DigitsAndExtensions()
	{
		// fuzz_phone (corpus/fuzz_phone/regress_16_digits): libphonenumber
		// made this +4924794699118009, 16 digits, which E.164 does not allow.
		for (const char* region: {"", "IN", "US", "GB"})
		{
			PhoneNumbers numbers(region);
			CPPUNIT_ASSERT(refused(numbers, "t+-4x24-7946x9118-00x-"));
			CPPUNIT_ASSERT(refused(numbers, "+44 20 7946 0958 ext. 12"));
			CPPUNIT_ASSERT(refused(numbers, "tel:+44-20-7946-0958;ext=12"));
		}
	}

	void testNormalFormIsStable()
	{
		// fuzz_phone (corpus/fuzz_phone/regress_not_idempotent): read with
		// a default region this became +5218946918020, which normalized
		// again is +528946918020 (libphonenumber drops Mexico's former
		// mobile "1"). What normalize returns must normalize to itself.
		for (const char* region: {"", "IN", "US", "GB"})
		{
			PhoneNumbers numbers(region);
			for (const char* raw: {"t+-5x2118946x91802-0", "+5218946918020", "+52 1 55 1234 5678", "+44 20 7946 0958"})
			{
				std::string once;
				try
				{
					once = numbers.normalize(raw);
				}
				catch (AuthServer::Core::ValidationException&)
				{
					continue;
				}
				CPPUNIT_ASSERT_EQUAL_MESSAGE(raw, once, numbers.normalize(once));
			}
		}
		PhoneNumbers international("");
		CPPUNIT_ASSERT_EQUAL(std::string("+528946918020"), international.normalize("+5218946918020"));
	}

	void testUnknownRegionRefused()
	{
		CPPUNIT_ASSERT_THROW(PhoneNumbers("XX"), Poco::InvalidArgumentException);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(PhoneNumbersTest);
