//
// DjangoUser.h
//
// One Django user mapped to AuthServer's fields.
//


#ifndef AuthServer_DjangoImport_DjangoUser_INCLUDED
#define AuthServer_DjangoImport_DjangoUser_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace DjangoImport {


struct DjangoUser
	/// What UserMapper made of one dumpdata user object. passwordHash is the
	/// Django hash string kept as is (a supported hasher), absent for an
	/// unusable or unsupported one; passwordSource is the dump's string
	/// whatever it was (its digest tells a changed hash at re-import).
	/// skipReason set: the user is not imported; drops: fields left out
	/// (reported). Times are epoch seconds (createdAt absent: the import's
	/// time for a new user, kept for an update).
{
	Poco::Int64 pk = 0;
	std::optional<std::string> email;
	std::optional<std::string> phoneNumber;
	std::optional<std::string> username;
	std::optional<std::string> passwordHash;
	std::string passwordSource;
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
	std::optional<Poco::Int64> createdAt;
	std::optional<Poco::Int64> lastLoginAt;
	std::optional<std::string> skipReason;
	std::vector<std::string> drops;
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_DjangoUser_INCLUDED
