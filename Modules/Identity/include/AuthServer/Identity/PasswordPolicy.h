//
// PasswordPolicy.h
//
// The password rules of NIST SP 800-63B §5.1.1.2.
//


#ifndef AuthServer_Identity_PasswordPolicy_INCLUDED
#define AuthServer_Identity_PasswordPolicy_INCLUDED


#include <string>
#include <unordered_set>


namespace AuthServer {
namespace Identity {


class PasswordPolicy
	/// Checks a new password (NIST SP 800-63B §5.1.1.2, OWASP ASVS 2.1):
	/// its length in Unicode code points within [minLength, maxLength]
	/// (2.1.1, 2.1.2), any characters, no composition rules (2.1.9), never
	/// truncated (2.1.3); refused when it is on the common-password list
	/// (2.1.7) or equals the account's email, its local part or its name
	/// (context-specific words, §5.1.1.2). The list is held in a hash set:
	/// O(1) per check.
{
public:
	PasswordPolicy(int minLength, int maxLength, const std::string& commonPasswordsFile);
		/// Loads the list, one password per line (compared
		/// case-insensitively). Throws Poco::FileNotFoundException if the
		/// file is missing.

	void check(const std::string& password, const std::string& field, const std::string& email = "", const std::string& fullName = "") const;
		/// Returns when password is acceptable. Throws
		/// Core::ValidationException with errors[field]: weak_password for a
		/// short, long, common or context-specific password;
		/// validation_error when the password is not valid UTF-8.

	static std::size_t codePoints(const std::string& utf8);
		/// Returns the number of code points; throws
		/// Poco::DataFormatException for malformed UTF-8.

	std::size_t listSize() const;
		/// Returns the number of distinct list entries.

	int minLength() const;
	int maxLength() const;

private:
	int _minLength;
	int _maxLength;
	std::unordered_set<std::string> _common;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordPolicy_INCLUDED
