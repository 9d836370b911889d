//
// PhoneNumbers.h
//
// Parsing and E.164 normalisation of phone numbers with libphonenumber.
//


#ifndef AuthServer_Identity_PhoneNumbers_INCLUDED
#define AuthServer_Identity_PhoneNumbers_INCLUDED


#include <string>


namespace AuthServer {
namespace Identity {


class PhoneNumbers
	/// Normalises phone numbers to E.164 (ITU-T E.164, "+<country><number>",
	/// at most 15 digits) with Google's libphonenumber. A number without '+'
	/// is read in the default region (phone.defaultRegion, ISO 3166-1
	/// alpha-2); with no default region, '+' is required. Thread-safe.
{
public:
	explicit PhoneNumbers(const std::string& defaultRegion);
		/// Throws Poco::InvalidArgumentException for a region libphonenumber
		/// does not know.

	std::string normalize(const std::string& raw, const std::string& field = "phone_number") const;
		/// Returns the E.164 form. Throws Core::ValidationException with
		/// problem invalid_phone_number (400) and errors[field] when the
		/// number cannot be parsed, is not a valid number, has an extension
		/// or would have more than 15 digits.

	const std::string& defaultRegion() const;

private:
	std::string _defaultRegion;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PhoneNumbers_INCLUDED
