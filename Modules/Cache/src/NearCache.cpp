//
// NearCache.cpp
//


#include "AuthServer/Cache/NearCache.h"
#include "Poco/Exception.h"
#include "Poco/Logger.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/NumberFormatter.h"
#include "Poco/Redis/Array.h"
#include "Poco/Redis/Error.h"
#include "Poco/Redis/RedisStream.h"
#include "Poco/Redis/Type.h"
#include <sys/ioctl.h>


using Poco::Redis::Array;
using Poco::Redis::BulkString;
using Poco::Redis::RedisType;


namespace AuthServer {
namespace Cache {


namespace
{
	const std::string INVALIDATE_CHANNEL = "__redis__:invalidate";


	Poco::Logger& logger()
	{
		return Poco::Logger::get("AuthServer.Cache");
	}


	RedisType::Ptr call(Poco::Redis::RedisOutputStream& output, Poco::Redis::RedisInputStream& input, const Array& command)
		/// Sends one command on the listener connection and reads its reply;
		/// throws Poco::IOException on an error reply.
	{
		output << command.toString();
		output.flush();
		RedisType::Ptr pReply = RedisType::createRedisType(static_cast<char>(input.get()));
		if (pReply.isNull()) throw Poco::IOException("redis listener: connection closed");
		pReply->read(input);
		if (pReply->isError())
			throw Poco::IOException("redis listener: error reply", pReply.cast<Poco::Redis::Type<Poco::Redis::Error>>()->value().getMessage());
		return pReply;
	}
}


NearCache::NearCache(const Settings& settings):
	_settings(settings),
	_redis(settings.redis)
{
	if (_settings.maxEntries < 1) throw Poco::InvalidArgumentException("near cache: maxEntries must be >= 1");
	if (_settings.maxAge < 1) throw Poco::InvalidArgumentException("near cache: maxAge must be >= 1 second");
	_index.reserve(std::min<std::size_t>(_settings.maxEntries, 1 << 16));
	_listener = std::thread([this] { listen(); });
}


NearCache::~NearCache()
{
	_stop = true;
	_wake.set();
	_listener.join();
}


bool NearCache::nearCached(const std::string& key) const
{
	if (_settings.families.empty()) return true;
	for (const std::string& family: _settings.families)
	{
		if (key.compare(0, family.size(), family) == 0) return true;
	}
	return false;
}


bool NearCache::usable() const
{
	if (!_subscribed.load()) return false;
	// An invalidation already on this host is applied before the copy is
	// trusted: bytes waiting in the socket, then (in this order, since the
	// listener sets _applying before it reads) bytes being applied.
	int fd = _fd.load();
	int pending = 0;
	if (fd < 0 || ::ioctl(fd, FIONREAD, &pending) != 0 || pending > 0) return false;
	return !_applying.load();
}


bool NearCache::lookup(const std::string& key, std::optional<std::string>& value, Clock::time_point now)
{
	auto it = _index.find(key);
	if (it == _index.end()) return false;
	if (it->second->expires <= now)
	{
		_lru.erase(it->second);
		_index.erase(it);
		return false;
	}
	_lru.splice(_lru.begin(), _lru, it->second);
	value = it->second->value;
	return true;
}


void NearCache::store(const std::string& key, const RedisCache::Entry& entry, Clock::time_point readAt, Poco::UInt64 epoch)
{
	// Redis measured the TTL after readAt, so readAt + TTL is never later
	// than the key's own expiry.
	Clock::duration age = std::chrono::seconds(_settings.maxAge);
	if (entry.ttlMilliseconds >= 0) age = std::min<Clock::duration>(age, std::chrono::milliseconds(entry.ttlMilliseconds));
	if (age <= Clock::duration::zero()) return;
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_subscribed.load() || _epoch.load() != epoch) return;
	auto it = _index.find(key);
	if (it != _index.end())
	{
		it->second->value = entry.value;
		it->second->expires = readAt + age;
		_lru.splice(_lru.begin(), _lru, it->second);
		return;
	}
	_lru.push_front(Entry{key, entry.value, readAt + age});
	_index.emplace(key, _lru.begin());
	while (_lru.size() > _settings.maxEntries)
	{
		_index.erase(_lru.back().key);
		_lru.pop_back();
	}
}


void NearCache::invalidate(const std::string& key)
{
	std::lock_guard<std::mutex> lock(_mutex);
	++_epoch;
	auto it = _index.find(key);
	if (it == _index.end()) return;
	_lru.erase(it->second);
	_index.erase(it);
}


void NearCache::flush()
{
	std::lock_guard<std::mutex> lock(_mutex);
	++_epoch;
	_index.clear();
	_lru.clear();
}


std::vector<std::optional<std::string>> NearCache::read(const std::vector<std::string>& keys)
{
	std::vector<std::optional<std::string>> values(keys.size());
	std::vector<std::size_t> fetch;
	std::size_t nearKeys = 0;
	bool copy = usable();
	{
		Clock::time_point now = Clock::now();
		std::unique_lock<std::mutex> lock(_mutex, std::defer_lock);
		if (copy) lock.lock();
		for (std::size_t i = 0; i < keys.size(); ++i)
		{
			bool near = nearCached(keys[i]);
			if (near) ++nearKeys;
			if (!near || !copy || !lookup(keys[i], values[i], now)) fetch.push_back(i);
		}
	}
	if (fetch.empty())
	{
		_hits += nearKeys;
		return values;
	}
	if (nearKeys == 0)
	{
		// Nothing near-cacheable: the plain path (MGET / GET).
		std::vector<std::optional<std::string>> far = keys.size() == 1 ? std::vector<std::optional<std::string>>{_redis.get(keys[0])} : _redis.getMany(keys);
		return far;
	}
	std::vector<std::string> fetchKeys;
	fetchKeys.reserve(fetch.size());
	for (std::size_t i: fetch) fetchKeys.push_back(keys[i]);
	// Rule 2: the epoch is taken before the read; an invalidation applied
	// meanwhile changes it and the result is not stored.
	Poco::UInt64 epoch = _epoch.load();
	Clock::time_point readAt = Clock::now();
	std::vector<RedisCache::Entry> entries = _redis.getManyWithTtl(fetchKeys);
	afterRead();
	std::size_t nearMisses = 0;
	for (std::size_t j = 0; j < fetch.size(); ++j)
	{
		values[fetch[j]] = entries[j].value;
		if (nearCached(fetchKeys[j]))
		{
			++nearMisses;
			store(fetchKeys[j], entries[j], readAt, epoch);
		}
	}
	_misses += nearMisses;
	_hits += nearKeys - nearMisses;
	return values;
}


std::optional<std::string> NearCache::get(const std::string& key)
{
	return read({key})[0];
}


std::vector<std::optional<std::string>> NearCache::getMany(const std::vector<std::string>& keys)
{
	if (keys.empty()) return {};
	return read(keys);
}


void NearCache::set(const std::string& key, const std::string& value, int ttlSeconds)
{
	_redis.set(key, value, ttlSeconds);
	invalidate(key);
}


bool NearCache::add(const std::string& key, const std::string& value, int ttlSeconds)
{
	bool stored = _redis.add(key, value, ttlSeconds);
	if (stored) invalidate(key);
	return stored;
}


bool NearCache::remove(const std::string& key)
{
	bool existed = _redis.remove(key);
	invalidate(key);
	return existed;
}


Poco::Int64 NearCache::increment(const std::string& key, int ttlSeconds)
{
	Poco::Int64 value = _redis.increment(key, ttlSeconds);
	if (nearCached(key)) invalidate(key);
	return value;
}


bool NearCache::ping()
{
	return _redis.ping();
}


std::string NearCache::name() const
{
	return _redis.name();
}


void NearCache::afterRead()
{
}


bool NearCache::tracking() const
{
	return _subscribed.load();
}


NearCache::Counters NearCache::counters() const
{
	Counters counters;
	counters.hits = _hits.load();
	counters.misses = _misses.load();
	counters.invalidations = _invalidations.load();
	return counters;
}


std::size_t NearCache::size() const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _index.size();
}


void NearCache::listen()
{
	while (!_stop.load())
	{
		try
		{
			session();
		}
		catch (Poco::Exception& exc)
		{
			// Logged once per outage, not once per reconnect attempt.
			if (!_warned)
				logger().warning("near cache off (every read goes to Redis) until the invalidation listener is back: %s", exc.displayText());
			_warned = true;
		}
		// Rule 1: from here until the next subscription, bypass and empty.
		_subscribed = false;
		_fd = -1;
		flush();
		_applying = false;
		if (!_stop.load()) _wake.tryWait(static_cast<long>(_settings.reconnectDelay.totalMilliseconds()));
	}
}


void NearCache::session()
{
	const RedisCache::Settings& redis = _settings.redis;
	Poco::Net::StreamSocket socket;
	socket.connect(Poco::Net::SocketAddress(redis.host, static_cast<Poco::UInt16>(redis.port)), redis.timeout);
	socket.setReceiveTimeout(redis.timeout);
	socket.setSendTimeout(redis.timeout);
	socket.setNoDelay(true);
	Poco::Redis::RedisInputStream input(socket);
	Poco::Redis::RedisOutputStream output(socket);
	if (!redis.password.empty())
	{
		Array auth;
		auth << "AUTH" << redis.password;
		call(output, input, auth);
	}
	Array clientId;
	clientId << "CLIENT" << "ID";
	RedisType::Ptr pId = call(output, input, clientId);
	if (!pId->isInteger()) throw Poco::IOException("redis listener: unexpected reply to CLIENT ID");
	Array tracking;
	tracking << "CLIENT" << "TRACKING" << "on" << "REDIRECT" << Poco::NumberFormatter::format(pId.cast<Poco::Redis::Type<Poco::Int64>>()->value()) << "BCAST";
	if (_settings.families.empty())
		tracking << "PREFIX" << redis.keyPrefix;
	for (const std::string& family: _settings.families)
		tracking << "PREFIX" << redis.keyPrefix + family;
	call(output, input, tracking);
	Array subscribe;
	subscribe << "SUBSCRIBE" << INVALIDATE_CHANNEL;
	RedisType::Ptr pSubscribed = call(output, input, subscribe);
	if (!pSubscribed->isArray()) throw Poco::IOException("redis listener: unexpected reply to SUBSCRIBE");
	// Everything read before this point may have missed an invalidation:
	// flush (which bumps the epoch, so reads in flight are not stored) and
	// only then start using the copy.
	flush();
	_fd = socket.impl()->sockfd();
	_subscribed = true;
	_warned = false;
	logger().information("near cache on: invalidations from redis %s:%d", redis.host, redis.port);
	try
	{
		while (!_stop.load())
		{
			if (input.rdbuf()->in_avail() <= 0 && !socket.poll(Poco::Timespan(0, 200000), Poco::Net::Socket::SELECT_READ | Poco::Net::Socket::SELECT_ERROR))
				continue;
			_applying = true;
			do
			{
				apply(input);
			}
			while (input.rdbuf()->in_avail() > 0);
			_applying = false;
		}
	}
	catch (...)
	{
		// Stop trusting the copy before the socket closes (its descriptor
		// could be reused by another socket that usable() would then ask).
		_subscribed = false;
		_fd = -1;
		throw;
	}
	_subscribed = false;
	_fd = -1;
}


void NearCache::apply(Poco::Redis::RedisInputStream& input)
{
	RedisType::Ptr pMessage = RedisType::createRedisType(static_cast<char>(input.get()));
	if (pMessage.isNull()) throw Poco::IOException("redis listener: connection closed");
	pMessage->read(input);
	if (!pMessage->isArray()) throw Poco::IOException("redis listener: unexpected message");
	const Array& message = pMessage.cast<Poco::Redis::Type<Array>>()->value();
	if (message.isNull() || message.size() != 3) throw Poco::IOException("redis listener: unexpected message");
	if (message.get<BulkString>(0).value() != "message") return;
	const std::string& prefix = _settings.redis.keyPrefix;
	if (message.getType(2) == RedisType::REDIS_ARRAY)
	{
		Array keys = message.get<Array>(2);
		if (keys.isNull())
		{
			flush();
			++_invalidations;
			return;
		}
		for (const RedisType::Ptr& pKey: keys)
		{
			if (!pKey->isBulkString()) continue;
			const BulkString& key = pKey.cast<Poco::Redis::Type<BulkString>>()->value();
			if (key.isNull()) continue;
			const std::string& name = key.value();
			if (name.compare(0, prefix.size(), prefix) == 0) invalidate(name.substr(prefix.size()));
			++_invalidations;
		}
	}
	else
	{
		// A null payload: the database was flushed (FLUSHDB / FLUSHALL).
		flush();
		++_invalidations;
	}
}


} } // namespace AuthServer::Cache
