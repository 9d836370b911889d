//
// EmailAddress.h
//
// Normalisation and validation of email addresses used as identities.
//


#ifndef AuthServer_Identity_EmailAddress_INCLUDED
#define AuthServer_Identity_EmailAddress_INCLUDED


#include <string>


namespace AuthServer {
namespace Identity {


class EmailAddress
	/// Email addresses are identities compared case-insensitively and
	/// stored lower-case (API.md). Validation is deliberately simple: the
	/// RFC 5321 §4.5.3.1 length limits (local part <= 64, whole <= 254
	/// octets), one '@', a dotted domain of letters, digits, '-' and '.',
	/// and no spaces or control characters; deliverability is proven by
	/// the verification mail, not by syntax.
{
public:
	static std::string normalize(const std::string& raw);
		/// Returns raw trimmed and lower-cased.

	static bool isValid(const std::string& normalized);
		/// Returns whether a normalized address passes the rules above.

	static std::string require(const std::string& raw, const std::string& field = "email");
		/// Returns the normalized address; throws Core::ValidationException
		/// with errors[field] when it is empty or invalid.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_EmailAddress_INCLUDED
