//
// Account.h
//
// An account as services hand it to the HTTP layer: no password hash.
//


#ifndef AuthServer_Identity_Account_INCLUDED
#define AuthServer_Identity_Account_INCLUDED


#include "AuthServer/Persistence/User.h"
#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


struct Account
	/// The view of a Persistence::User that leaves Identity: every field
	/// but the password hash, which has no member here, so no handler or
	/// renderer can leak it (OWASP ASVS 2.4: verifiers never leave the
	/// server). email is lower-case, phoneNumber E.164; username as
	/// Persistence::User (compatibility profiles); times are epoch seconds.
{
	Account() = default;

	explicit Account(const Persistence::User& user);
		/// Copies every field of user but passwordHash.

	Poco::Int64 id = 0;
	std::optional<std::string> email;
	std::optional<std::string> phoneNumber;
	std::string fullName;
	std::string role = "user";
	bool isActive = true;
	bool emailVerified = false;
	bool phoneVerified = false;
	std::string bio;
	std::string location;
	std::optional<std::string> birthDate;
	std::string avatarUrl;
	std::optional<std::string> companyName;
	bool needsProfileCompletion = false;
	bool otpLoginEnabled = false;
	std::string otpChannel = "email";
	Poco::Int64 createdAt = 0;
	Poco::Int64 updatedAt = 0;
	std::optional<Poco::Int64> lastLoginAt;
	std::optional<std::string> lastLoginIp;
	std::optional<std::string> username;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_Account_INCLUDED
