//
// User.h
//
// One row of the users table.
//


#ifndef AuthServer_Persistence_User_INCLUDED
#define AuthServer_Persistence_User_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


struct User
	/// An account. email is stored lower-case (API.md: identities compared
	/// case-insensitively), phoneNumber in E.164; either may be absent
	/// (phone-only or email-only accounts). passwordHash is an Argon2id PHC
	/// string, absent for phone-only accounts. username is the optional
	/// handle of the compatibility profiles and Django imports (migration
	/// 0009, unique case-insensitively), read with the row; UserStore's
	/// insert() and update() leave it alone (CompatAccountStore and the
	/// Django importer write it). Times are epoch seconds.
{
	Poco::Int64 id = 0;
	std::optional<std::string> email;
	std::optional<std::string> phoneNumber;
	std::optional<std::string> passwordHash;
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


#endif // AuthServer_Persistence_User_INCLUDED
