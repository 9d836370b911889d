//
// Profiles.cpp
//


#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "Poco/StringTokenizer.h"
#include <algorithm>


namespace AuthServer {
namespace Compat {


const std::vector<ProfileInfo>& Profiles::all()
{
	static const std::vector<ProfileInfo> PROFILES =
	{
		{"accounts", Style::Drf},
		{"auth-service", Style::Drf},
		{"otp-activation", Style::Drf},
		{"phone", Style::FastApi},
		{"signup", Style::Drf},
	};
	return PROFILES;
}


const ProfileInfo* Profiles::find(const std::string& name)
{
	for (const ProfileInfo& profile: all())
		if (profile.name == name) return &profile;
	return nullptr;
}


std::size_t Profiles::indexOf(const std::string& name)
{
	const auto& profiles = all();
	for (std::size_t i = 0; i < profiles.size(); ++i)
		if (profiles[i].name == name) return i;
	return profiles.size();
}


std::vector<std::string> Profiles::parseList(const std::string& value)
{
	std::vector<std::string> names;
	Poco::StringTokenizer parts(value, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	for (const std::string& name: parts)
	{
		if (!find(name))
		{
			std::string known;
			for (const ProfileInfo& profile: all()) known += (known.empty() ? "" : ", ") + profile.name;
			throw Core::ConfigurationException(Core::Keys::COMPAT_PROFILES, "unknown profile '" + name + "' (known: " + known + ")");
		}
		if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
	}
	return names;
}


} } // namespace AuthServer::Compat
