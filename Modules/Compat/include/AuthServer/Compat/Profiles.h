//
// Profiles.h
//
// The compatibility profiles this build knows and the compat.profiles key.
//


#ifndef AuthServer_Compat_Profiles_INCLUDED
#define AuthServer_Compat_Profiles_INCLUDED


#include <string>
#include <vector>


namespace AuthServer {
namespace Compat {


enum class Style
	/// How a profile writes its errors: Django REST Framework 3.14 +
	/// simplejwt 5.2 (DrfErrorShaper) or FastAPI + Pydantic v2
	/// (FastApiErrorShaper).
{
	Drf,
	FastApi
};


struct ProfileInfo
	/// One profile: its name in compat.profiles and its error style.
{
	std::string name;
	Style style;
};


class Profiles
	/// The known profiles (Docs/COMPAT.md), in the order their routes are
	/// added to the route table, and the parsing of compat.profiles.
{
public:
	static const std::vector<ProfileInfo>& all();
		/// Returns accounts, auth-service, otp-activation, phone, signup.

	static const ProfileInfo* find(const std::string& name);
		/// Returns the profile called name, or nullptr.

	static std::vector<std::string> parseList(const std::string& value);
		/// Returns the names of the comma-separated value, blanks ignored,
		/// repeats once, in the order first given. Throws
		/// Core::ConfigurationException naming compat.profiles and the
		/// name for an unknown one (the start exits 78).

	static std::size_t indexOf(const std::string& name);
		/// Returns the position of name in all(), or all().size().
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_Profiles_INCLUDED
