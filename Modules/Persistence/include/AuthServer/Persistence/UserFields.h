//
// UserFields.h
//
// Every column of the users table but the password hash.
//


#ifndef AuthServer_Persistence_UserFields_INCLUDED
#define AuthServer_Persistence_UserFields_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct UserFields
	/// The fields an account shows: shared by Persistence::User (the row,
	/// which adds the password hash) and Identity::Account (the view that
	/// leaves Identity, which must not have one), so the two cannot drift.
	/// email is stored lower-case (API.md: identities compared
	/// case-insensitively), phoneNumber in E.164; either may be absent
	/// (phone-only or email-only accounts). username is the optional handle
	/// of the compatibility profiles and Django imports (migration 0009,
	/// unique case-insensitively). Times are epoch seconds.
{
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


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_UserFields_INCLUDED
