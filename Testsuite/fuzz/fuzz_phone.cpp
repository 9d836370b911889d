//
// fuzz_phone.cpp
//
// libFuzzer target: phone-number normalisation to E.164
// (Identity::PhoneNumbers over libphonenumber), with and without a default
// region, as phone/signup, phone/login, register and PATCH /profile use it.
//
// Contract checked (API.md: "other input forms are normalised to E.164 or
// refused with 400 invalid_phone_number"): the result is '+' and 2..15
// digits (ITU-T E.164) and normalising it again gives itself; anything else
// is Core::ValidationException; never another exception or a crash.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/PhoneNumbers.h"
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <string>


using AuthServer::Identity::PhoneNumbers;


namespace
{
	bool isE164(const std::string& s)
	{
		if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] == '0') return false;
		for (std::size_t i = 1; i < s.size(); ++i)
			if (s[i] < '0' || s[i] > '9') return false;
		return true;
	}

	void check(const PhoneNumbers& numbers, const std::string& input)
	{
		std::string e164;
		try
		{
			e164 = numbers.normalize(input);
		}
		catch (AuthServer::Core::ValidationException&)
		{
			return;
		}
		if (!isE164(e164))
		{
			std::cerr << "not E.164: [" << e164 << "] from [" << input << "]" << std::endl;
			std::abort();
		}
		std::string again = numbers.normalize(e164);
		if (again != e164)
		{
			std::cerr << "not idempotent: " << e164 << " -> " << again << std::endl;
			std::abort();
		}
	}
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	static const PhoneNumbers international("");
	static const PhoneNumbers india("IN");
	static const PhoneNumbers usa("us");
	static const PhoneNumbers britain("GB");
	if (size > 256) return 0; // request fields are bounded long before
	std::string input(reinterpret_cast<const char*>(data), size);
	check(international, input);
	check(india, input);
	check(usa, input);
	check(britain, input);
	return 0;
}
