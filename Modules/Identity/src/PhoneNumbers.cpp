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
	PhoneNumber number;
	std::string region = input[0] == '+' ? std::string("ZZ") : _defaultRegion;
	if (util->Parse(input, region, &number) != PhoneNumberUtil::NO_PARSING_ERROR || !util->IsValidNumber(number))
		throw ValidationException(field, "Enter a valid phone number.", Problem::InvalidPhoneNumber);
	std::string e164;
	util->Format(number, PhoneNumberUtil::E164, &e164);
	return e164;
}


const std::string& PhoneNumbers::defaultRegion() const
{
	return _defaultRegion;
}


} } // namespace AuthServer::Identity
