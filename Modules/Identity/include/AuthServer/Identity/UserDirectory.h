//
// UserDirectory.h
//
// Users by id, read through the cache.
//


#ifndef AuthServer_Identity_UserDirectory_INCLUDED
#define AuthServer_Identity_UserDirectory_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Persistence/User.h"
#include "AuthServer/Persistence/UserStore.h"
#include <array>
#include <mutex>
#include <optional>
#include <unordered_map>


namespace AuthServer {
namespace Identity {


class UserDirectory
	/// Serves the user of every authenticated request from the cache
	/// (key "user:<id>", ttlSeconds), falling back to the database on a
	/// miss or when the cache fails. Cached copies never hold the password
	/// hash. Every service that changes a user calls invalidate(), so a
	/// deactivation or role change is seen by the next request. Decoded
	/// users are memoised per process keyed by the exact cached bytes, so
	/// the hot path skips JSON parsing while the cache stays the truth.
{
public:
	UserDirectory(Persistence::UserStore& store, Cache::Cache& cache, int ttlSeconds);

	std::optional<Persistence::User> get(Poco::Int64 id);
		/// Returns the user without passwordHash, or nothing if absent.
		/// Throws Poco::Data::DataException when the database fails.

	void invalidate(Poco::Int64 id);
		/// Drops the cached copy (errors of the cache are logged).

	static std::string serialize(const Persistence::User& user);
		/// Returns the cache form (JSON) of user, without passwordHash.

	static Persistence::User deserialize(const std::string& json);
		/// Reverses serialize(); throws Poco::Exception on malformed input.

private:
	struct MemoEntry
	{
		std::string serialized;
		Persistence::User user;
	};

	struct MemoShard
	{
		std::mutex mutex;
		std::unordered_map<Poco::Int64, MemoEntry> entries;
	};

	Persistence::User decode(Poco::Int64 id, const std::string& serialized);

	static constexpr std::size_t MEMO_SHARDS = 16;
	static constexpr std::size_t MEMO_SHARD_CAPACITY = 1024;
	std::array<MemoShard, MEMO_SHARDS> _memo;
	Persistence::UserStore& _store;
	Cache::Cache& _cache;
	int _ttl;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_UserDirectory_INCLUDED
