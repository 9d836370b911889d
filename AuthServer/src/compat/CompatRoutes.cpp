//
// CompatRoutes.cpp
//
// The profiles' rows in the one route table.
//


#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/ConfigKeys.h"
#include "CompatFallbackHandler.h"
#include "CompatHandler.h"
#include "CompatOperation.h"
#include <map>


namespace AuthServer {
namespace Http {


const std::vector<const CompatProfileTable*>& compatProfileTables()
{
	static const std::vector<const CompatProfileTable*> TABLES = {&accountsProfile(), &authServiceProfile(), &otpActivationProfile(), &phoneProfile(), &signupProfile()};
	return TABLES;
}


namespace
{
	const CompatProfileTable* tableOf(const std::string& profile)
	{
		for (const CompatProfileTable* pTable: compatProfileTables())
			if (pTable->profile == profile) return pTable;
		return nullptr;
	}

	std::string key(const std::string& method, const std::string& pattern)
	{
		std::string path = pattern;
		if (path.size() > 1 && path.back() == '/') path.pop_back();
		return method + " " + path;
	}
}


std::vector<std::string> RouteTable::builtProfiles()
{
	std::vector<std::string> names;
	for (const CompatProfileTable* pTable: compatProfileTables()) names.push_back(pTable->profile);
	return names;
}


std::vector<Route> RouteTable::withProfiles(const std::vector<std::string>& profiles)
{
	std::vector<Route> result = routes();
	std::map<std::string, std::string> owner; // "METHOD /path" -> "" (native) or profile
	for (const Route& route: result) owner[key(route.method, route.pattern)] = "";
	for (const std::string& name: profiles)
	{
		const Compat::ProfileInfo* pInfo = Compat::Profiles::find(name);
		const CompatProfileTable* pTable = tableOf(name);
		if (!pInfo) throw Core::ConfigurationException(Core::Keys::COMPAT_PROFILES, "unknown profile '" + name + "'");
		if (!pTable) throw Core::ConfigurationException(Core::Keys::COMPAT_PROFILES, "profile '" + name + "' is not built into this server yet");
		for (const CompatOperation& operation: pTable->operations)
		{
			std::string k = key(operation.method, operation.pattern);
			auto it = owner.find(k);
			if (it != owner.end())
			{
				// A profile only adds routes (Docs/COMPAT.md); the profile
				// test walks every table against the native routes.
				if (it->second.empty()) throw Poco::LogicException("compat profile '" + name + "' repeats the native route " + k);
				throw Core::ConfigurationException(Core::Keys::COMPAT_PROFILES, "profiles '" + it->second + "' and '" + name + "' both serve " + k);
			}
			owner[k] = name;
			const CompatOperation* pOperation = &operation;
			Route route{operation.method, operation.pattern, operation.auth,
				[pOperation, pInfo](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new CompatHandler(s, m, *pOperation, *pInfo); },
				operation.rateBucket, name};
			result.push_back(std::move(route));
		}
	}
	return result;
}


Poco::Net::HTTPRequestHandler* RouteTable::compatFallback(const ServerContext& server, const RouteMatch& match, const std::string& path,
	const std::string& allow, const std::vector<const Route*>& candidates, const std::vector<std::string>& profilesOn)
{
	std::string owner;
	if (!allow.empty())
	{
		// A 405 is the profile's only when every route of the path is.
		for (const Route* pRoute: candidates)
		{
			if (pRoute->profile.empty() || (!owner.empty() && owner != pRoute->profile)) return nullptr;
			owner = pRoute->profile;
		}
	}
	else
	{
		for (const std::string& name: profilesOn)
		{
			const CompatProfileTable* pTable = tableOf(name);
			if (!pTable) continue;
			for (const std::string& prefix: pTable->prefixes)
				if (path.compare(0, prefix.size(), prefix) == 0 || path + "/" == prefix) owner = name;
			if (!owner.empty()) break;
		}
	}
	const Compat::ProfileInfo* pInfo = owner.empty() ? nullptr : Compat::Profiles::find(owner);
	if (!pInfo) return nullptr;
	return new CompatFallbackHandler(server, match, *pInfo, allow);
}


} } // namespace AuthServer::Http
