//
// PasswordPolicy.h
//
// The password rules of NIST SP 800-63B §5.1.1.2.
//


#ifndef AuthServer_Identity_PasswordPolicy_INCLUDED
#define AuthServer_Identity_PasswordPolicy_INCLUDED


#include "AuthServer/Identity/BreachedPasswordList.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class PasswordPolicy
	/// Checks a new password (NIST SP 800-63B §5.1.1.2, OWASP ASVS 2.1):
	/// its length in Unicode code points within [minLength, maxLength]
	/// (2.1.1, 2.1.2), any characters, no composition rules (2.1.9), never
	/// truncated (2.1.3); refused when it is on the breached-password list
	/// (2.1.7; BreachedPasswordList: case-folded, O(1) per check) or is
	/// made of context-specific words (§5.1.1.2: "the username, and
	/// derivatives thereof", "the name of the service"), compared
	/// case-folded:
	///   - it equals the email address, its local part, the full name (with
	///     or without spaces) or one word of the name;
	///   - it contains the local part, the full name without spaces or the
	///     service name (app.name), when that word has at least 4 code
	///     points ("ada.lovelace1984" for ada.lovelace@..., "AuthServer2026").
	/// A longer passphrase that only contains a first or last name
	/// ("ada counts bernoulli numbers") is accepted.
{
public:
	PasswordPolicy(int minLength, int maxLength, const std::string& commonPasswordsFile, const std::string& serviceName = "");
		/// Loads the breached-password list, one password per line (see
		/// BreachedPasswordList). Throws Poco::FileNotFoundException if the
		/// file is missing.

	void check(const std::string& password, const std::string& field, const std::string& email = "", const std::string& fullName = "") const;
		/// Returns when password is acceptable. Throws
		/// Core::ValidationException with errors[field]: weak_password for a
		/// short, long, breached or context-specific password (email is the
		/// account's address, fullName its full name; either may be empty);
		/// validation_error when the password is not valid UTF-8.

	static std::size_t codePoints(const std::string& utf8);
		/// Returns the number of code points; throws
		/// Poco::DataFormatException for malformed UTF-8.

	std::size_t listSize() const;
		/// Returns the number of distinct list entries.

	const BreachedPasswordList& breachedList() const;
		/// Returns the loaded list.

	bool isContextSpecific(const std::string& password, const std::string& email, const std::string& fullName) const;
		/// Returns whether password is made of the context-specific words
		/// above (email, its local part, fullName, the service name).

	int minLength() const;
	int maxLength() const;

private:
	int _minLength;
	int _maxLength;
	BreachedPasswordList _breached;
	std::string _serviceName;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordPolicy_INCLUDED
