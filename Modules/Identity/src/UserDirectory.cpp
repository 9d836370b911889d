//
// UserDirectory.cpp
//


#include "AuthServer/Identity/UserDirectory.h"
#include "Poco/JSON/Object.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include <sstream>


using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	template <class T>
	void setOpt(Poco::JSON::Object& o, const std::string& name, const std::optional<T>& v)
	{
		if (v) o.set(name, *v);
	}

	std::optional<std::string> optStr(const Poco::JSON::Object& o, const std::string& name)
	{
		if (!o.has(name) || o.isNull(name)) return std::nullopt;
		return o.getValue<std::string>(name);
	}
}


UserDirectory::UserDirectory(Persistence::UserStore& store, Cache::Cache& cache, int ttlSeconds):
	_store(store),
	_cache(cache),
	_ttl(ttlSeconds)
{
}


std::string UserDirectory::serialize(const User& u)
{
	Poco::JSON::Object o;
	o.set("id", u.id);
	setOpt(o, "email", u.email);
	setOpt(o, "phone", u.phoneNumber);
	o.set("name", u.fullName);
	o.set("role", u.role);
	o.set("active", u.isActive);
	o.set("ev", u.emailVerified);
	o.set("pv", u.phoneVerified);
	o.set("bio", u.bio);
	o.set("loc", u.location);
	setOpt(o, "birth", u.birthDate);
	o.set("avatar", u.avatarUrl);
	setOpt(o, "company", u.companyName);
	o.set("npc", u.needsProfileCompletion);
	o.set("otp", u.otpLoginEnabled);
	o.set("otpch", u.otpChannel);
	o.set("ca", u.createdAt);
	o.set("ua", u.updatedAt);
	setOpt(o, "lla", u.lastLoginAt);
	setOpt(o, "llip", u.lastLoginIp);
	// Always present (null when none): an entry written before usernames
	// were cached has no "un" and is read as malformed, so it is reloaded
	// instead of answering a username of null.
	if (u.username) o.set("un", *u.username);
	else o.set("un", Poco::Dynamic::Var());
	std::ostringstream out;
	o.stringify(out);
	return out.str();
}


User UserDirectory::deserialize(const std::string& json)
{
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr p = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
	const Poco::JSON::Object& o = *p;
	User u;
	u.id = o.getValue<Poco::Int64>("id");
	u.email = optStr(o, "email");
	u.phoneNumber = optStr(o, "phone");
	u.fullName = o.getValue<std::string>("name");
	u.role = o.getValue<std::string>("role");
	u.isActive = o.getValue<bool>("active");
	u.emailVerified = o.getValue<bool>("ev");
	u.phoneVerified = o.getValue<bool>("pv");
	u.bio = o.getValue<std::string>("bio");
	u.location = o.getValue<std::string>("loc");
	u.birthDate = optStr(o, "birth");
	u.avatarUrl = o.getValue<std::string>("avatar");
	u.companyName = optStr(o, "company");
	u.needsProfileCompletion = o.getValue<bool>("npc");
	u.otpLoginEnabled = o.getValue<bool>("otp");
	u.otpChannel = o.getValue<std::string>("otpch");
	u.createdAt = o.getValue<Poco::Int64>("ca");
	u.updatedAt = o.getValue<Poco::Int64>("ua");
	if (o.has("lla")) u.lastLoginAt = o.getValue<Poco::Int64>("lla");
	u.lastLoginIp = optStr(o, "llip");
	if (!o.has("un")) throw Poco::DataFormatException("user cache entry without username");
	u.username = optStr(o, "un");
	return u;
}


User UserDirectory::decode(Poco::Int64 id, const std::string& serialized)
{
	MemoShard& shard = _memo[static_cast<std::size_t>(id) % MEMO_SHARDS];
	{
		std::lock_guard<std::mutex> lock(shard.mutex);
		auto it = shard.entries.find(id);
		if (it != shard.entries.end() && it->second.serialized == serialized) return it->second.user;
	}
	User user = deserialize(serialized);
	std::lock_guard<std::mutex> lock(shard.mutex);
	if (shard.entries.size() >= MEMO_SHARD_CAPACITY) shard.entries.clear();
	shard.entries[id] = MemoEntry{serialized, user};
	return user;
}


std::string UserDirectory::cacheKey(Poco::Int64 id)
{
	return "user:" + std::to_string(id);
}


std::optional<User> UserDirectory::get(Poco::Int64 id)
{
	try
	{
		if (auto cached = _cache.get(cacheKey(id))) return decode(id, *cached);
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").warning("user cache read failed: %s", exc.displayText());
	}
	return load(id);
}


std::optional<User> UserDirectory::get(Poco::Int64 id, const std::optional<std::string>& cached)
{
	if (cached)
	{
		try
		{
			return decode(id, *cached);
		}
		catch (Poco::Exception& exc)
		{
			Poco::Logger::get("AuthServer.Identity").warning("user cache entry unreadable: %s", exc.displayText());
		}
	}
	return load(id);
}


std::optional<User> UserDirectory::load(Poco::Int64 id)
{
	std::optional<User> user = _store.findById(id);
	if (!user) return std::nullopt;
	user->passwordHash.reset();
	try
	{
		_cache.set(cacheKey(id), serialize(*user), _ttl);
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").warning("user cache write failed: %s", exc.displayText());
	}
	return user;
}


Poco::Int64 UserDirectory::insert(User& user)
{
	return _store.insert(user);
}


void UserDirectory::update(const User& user)
{
	_store.update(user);
	invalidate(user.id);
}


void UserDirectory::setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at)
{
	_store.setPasswordHash(id, phc, at);
	invalidate(id);
}


bool UserDirectory::markEmailVerified(Poco::Int64 id, Poco::Int64 at)
{
	bool changed = _store.markEmailVerified(id, at);
	invalidate(id);
	return changed;
}


std::vector<Poco::Int64> UserDirectory::releaseEmail(const std::string& lowerCaseEmail, Poco::Int64 keepUserId, Poco::Int64 at)
{
	std::vector<Poco::Int64> released = _store.releaseEmail(lowerCaseEmail, keepUserId, at);
	for (Poco::Int64 id: released) invalidate(id);
	return released;
}


std::vector<Poco::Int64> UserDirectory::releasePhone(const std::string& e164, Poco::Int64 keepUserId, Poco::Int64 at)
{
	std::vector<Poco::Int64> released = _store.releasePhone(e164, keepUserId, at);
	for (Poco::Int64 id: released) invalidate(id);
	return released;
}


void UserDirectory::remove(Poco::Int64 id)
{
	_store.remove(id);
	invalidate(id);
}


void UserDirectory::invalidate(Poco::Int64 id)
{
	try
	{
		_cache.remove(cacheKey(id));
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Identity").error("user cache invalidation failed: %s", exc.displayText());
	}
}


} } // namespace AuthServer::Identity
