//
// ProfileChanges.h
//
// A partial update of the caller's profile.
//


#ifndef AuthServer_Identity_ProfileChanges_INCLUDED
#define AuthServer_Identity_ProfileChanges_INCLUDED


#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


struct ProfileChanges
	/// The fields of PATCH/PUT /api/auth/profile (API.md). An absent
	/// optional leaves the field as it is; for phoneNumber and birthDate an
	/// inner nullopt (JSON null) clears it.
{
	std::optional<std::string> fullName;
	std::optional<std::optional<std::string>> phoneNumber;
	std::optional<std::string> bio;
	std::optional<std::string> location;
	std::optional<std::optional<std::string>> birthDate;
	std::optional<std::string> avatarUrl;
	std::optional<bool> otpLoginEnabled;
	std::optional<std::string> otpChannel;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_ProfileChanges_INCLUDED
