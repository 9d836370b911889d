//
// PhoneNumbers.cpp
//


#include "AuthServer/Identity/PhoneNumbers.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/Exception.h"
#include "Poco/String.h"
#include <phonenumbers/phonenumberutil.h>


using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;


namespace AuthServer {
namespace Identity {


PhoneNumbers::PhoneNumbers(const std::string& defaultRegion):
	_defaultRegion(Poco::toUpper(Poco::trim(defaultRegion)))
{
	if (!_defaultRegion.empty())
	{
		std::set<std::string> regions;
		PhoneNumberUtil::GetInstance()->GetSupportedRegions(&regions);
		if (!regions.count(_defaultRegion)) throw Poco::InvalidArgumentException("unknown phone region", _defaultRegion);
	}
}


std::string PhoneNumbers::normalize(const std::string& raw, const std::string& field) const
{
	using AuthServer::Core::Problem;
	using AuthServer::Core::ValidationException;
	std::string input = Poco::trim(raw);
	if (input.empty() || input.size() > 32) throw ValidationException(field, "Enter a valid phone number.", Problem::InvalidPhoneNumber);
	if (input[0] != '+' && _defaultRegion.empty())
		throw ValidationException(field, "Enter the number in international format, starting with +.", Problem::InvalidPhoneNumber);
	const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
	auto toE164 = [&](const std::string& text, const std::string& region)
	{
		PhoneNumber number;
		if (util->Parse(text, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR || !util->IsValidNumber(number))
			throw ValidationException(field, "Enter a valid phone number.", Problem::InvalidPhoneNumber);
		std::string e164;
		util->Format(number, PhoneNumberUtil::E164, &e164);
		// Found by fuzz_phone: libphonenumber accepts some inputs with junk and
		// "x" extension markers as numbers of 16+ digits ("t+-4x24-7946x9118-00x-"
		// became +4924794699118009), which is not E.164 (at most 15 digits,
		// ITU-T E.164 §6.1); and Format(E164) silently drops an extension,
		// which no SMS can reach. Both are refused.
		if (number.has_extension() || e164.size() < 3 || e164.size() > 16)
			throw ValidationException(field, "Enter a valid phone number.", Problem::InvalidPhoneNumber);
		return e164;
	};
	std::string e164 = toE164(input, input[0] == '+' ? std::string("ZZ") : _defaultRegion);
	// Found by fuzz_phone: Format(E164) is not always a fixed point of
	// Parse. Read with a default region, "t+-5x2118946x91802-0" became
	// +5218946918020, and that text parsed again drops Mexico's former
	// mobile "1" after +52: +528946918020. The stored number must be what
	// the same number normalizes to on the next login, so the E.164 text
	// is read once more, and a form that still moves is refused.
	std::string again = toE164(e164, "ZZ");
	if (again != e164 && toE164(again, "ZZ") != again)
		throw ValidationException(field, "Enter a valid phone number.", Problem::InvalidPhoneNumber);
	return again;
}


const std::string& PhoneNumbers::defaultRegion() const
{
	return _defaultRegion;
}


} } // namespace AuthServer::Identity
