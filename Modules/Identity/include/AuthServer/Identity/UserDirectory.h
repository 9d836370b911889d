//
// UserDirectory.h
//
// Users by id, read through the cache; the write path that keeps the
// cache current.
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
#include <vector>


namespace AuthServer {
namespace Identity {


class UserDirectory
	/// Serves the user of every authenticated request from the cache
	/// (key "user:<id>", ttlSeconds), falling back to the database on a
	/// miss or when the cache fails. Cached copies never hold the password
	/// hash. Services write users through this class (update(),
	/// setPasswordHash(), ...): each write goes to the store, then drops
	/// the cached copy itself, so a deactivation or role change is seen by
	/// the next request on every instance without callers remembering to
	/// invalidate. Decoded
	/// users are memoised per process keyed by the exact cached bytes, so
	/// the hot path skips JSON parsing while the cache stays the truth.
{
public:
	UserDirectory(Persistence::UserStore& store, Cache::Cache& cache, int ttlSeconds);

	std::optional<Persistence::User> get(Poco::Int64 id);
		/// Returns the user without passwordHash, or nothing if absent.
		/// Throws Poco::Data::DataException when the database fails.

	std::optional<Persistence::User> get(Poco::Int64 id, const std::optional<std::string>& cached);
		/// As get(id) with the cache entry already read (key cacheKey(id),
		/// e.g. in one MGET with other entries): a present entry is
		/// decoded; on nothing (or a malformed entry) the database answers
		/// and the entry is stored.

	static std::string cacheKey(Poco::Int64 id);
		/// Returns the cache key of the user ("user:<id>").

	Poco::Int64 insert(Persistence::User& user);
		/// UserStore::insert (sets user.id; nothing cached yet to drop).

	void update(const Persistence::User& user);
		/// UserStore::update, then drops the cached copy.

	void setPasswordHash(Poco::Int64 id, const std::string& phc, Poco::Int64 at);
		/// UserStore::setPasswordHash, then drops the cached copy (its
		/// updatedAt changed; the hash itself is never cached).

	bool markEmailVerified(Poco::Int64 id, Poco::Int64 at);
		/// UserStore::markEmailVerified, then drops the cached copy.

	std::vector<Poco::Int64> releaseEmail(const std::string& lowerCaseEmail, Poco::Int64 keepUserId, Poco::Int64 at);
		/// UserStore::releaseEmail, then drops the cached copy of every
		/// account it took the email from; returns their ids.

	std::vector<Poco::Int64> releasePhone(const std::string& e164, Poco::Int64 keepUserId, Poco::Int64 at);
		/// UserStore::releasePhone, as releaseEmail.

	void remove(Poco::Int64 id);
		/// UserStore::remove, then drops the cached copy.

	void invalidate(Poco::Int64 id);
		/// Drops the cached copy (errors of the cache are logged). Only for
		/// writes made on a caller's transaction (UserStore methods taking a
		/// Poco::Data::Session), after it committed: dropping earlier would
		/// let a concurrent read cache the row as it was before the commit.

	static std::string serialize(const Persistence::User& user);
		/// Returns the cache form (JSON) of user, without passwordHash.

	static Persistence::User deserialize(const std::string& json);
		/// Reverses serialize(); throws Poco::Exception on malformed input
		/// (an entry without the "un" key, written before usernames were
		/// cached, included: callers then reload it).

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

	std::optional<Persistence::User> load(Poco::Int64 id);
		/// Reads the user from the database (without passwordHash) and
		/// stores its cache entry; errors of the cache are logged.

	static constexpr std::size_t MEMO_SHARDS = 16;
	static constexpr std::size_t MEMO_SHARD_CAPACITY = 1024;
	std::array<MemoShard, MEMO_SHARDS> _memo;
	Persistence::UserStore& _store;
	Cache::Cache& _cache;
	int _ttl;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_UserDirectory_INCLUDED
