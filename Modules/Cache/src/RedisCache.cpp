//
// RedisCache.cpp
//


#include "AuthServer/Cache/RedisCache.h"
#include "Poco/Exception.h"
#include "Poco/NumberFormatter.h"
#include "Poco/Redis/Command.h"
#include "Poco/Redis/Error.h"


using Poco::Redis::Array;
using Poco::Redis::BulkString;
using Poco::Redis::Command;
using Poco::Redis::RedisType;


namespace AuthServer {
namespace Cache {


namespace
{
	// INCR and, when this call created the key, EXPIRE: one script, so the
	// counter can never be left without a TTL between the two.
	const char* INCREMENT_SCRIPT =
		"local v = redis.call('INCR', KEYS[1]) "
		"if v == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
		"return v";

	// GET and PTTL of every key, as one flat list: value1, ttl1, value2,
	// ttl2, ... (an absent key's GET is Lua false, sent as a null bulk).
	const char* GET_WITH_TTL_SCRIPT =
		"local r = {} "
		"for i, k in ipairs(KEYS) do r[2 * i - 1] = redis.call('GET', k) r[2 * i] = redis.call('PTTL', k) end "
		"return r";
}


RedisCache::RedisCache(const Settings& settings):
	_settings(settings)
{
}


RedisCache::~RedisCache()
{
	std::lock_guard<std::mutex> lock(_mutex);
	for (auto& pClient: _idle)
	{
		try { pClient->disconnect(); } catch (...) {}
	}
}


void RedisCache::checkTtl(int ttlSeconds)
{
	if (ttlSeconds <= 0) throw Poco::InvalidArgumentException("cache TTL must be > 0 seconds");
}


RedisCache::ClientPtr RedisCache::acquire(bool& reused)
{
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!_idle.empty())
		{
			ClientPtr pClient = std::move(_idle.back());
			_idle.pop_back();
			reused = true;
			return pClient;
		}
	}
	reused = false;
	ClientPtr pClient(new Poco::Redis::Client);
	pClient->connect(_settings.host, _settings.port, _settings.timeout);
	pClient->setReceiveTimeout(_settings.timeout);
	if (!_settings.password.empty())
	{
		Array auth;
		auth << "AUTH" << _settings.password;
		pClient->execute<std::string>(auth);
	}
	if (_settings.database != 0)
	{
		Array select;
		select << "SELECT" << Poco::NumberFormatter::format(_settings.database);
		pClient->execute<std::string>(select);
	}
	return pClient;
}


void RedisCache::dropIdle()
{
	std::vector<ClientPtr> idle;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		idle.swap(_idle);
	}
	for (auto& pClient: idle)
	{
		try { pClient->disconnect(); } catch (...) {}
	}
}


void RedisCache::release(ClientPtr pClient)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (static_cast<int>(_idle.size()) < _settings.poolSize)
		_idle.push_back(std::move(pClient));
	else
		try { pClient->disconnect(); } catch (...) {}
}


RedisType::Ptr RedisCache::run(const Array& command)
{
	RedisType::Ptr pReply;
	for (int attempt = 0; ; ++attempt)
	{
		ClientPtr pClient;
		bool reused = false;
		try
		{
			pClient = acquire(reused);
			pReply = pClient->sendCommand(command);
			release(std::move(pClient));
			break;
		}
		catch (Poco::Exception& exc)
		{
			// The connection's state is unknown: drop it (never reuse a
			// connection that may still owe us a reply), and the idle ones
			// too, which are most likely broken the same way (Redis
			// restarted). A broken idle connection never reached a live
			// server, so the command is retried once on a new connection;
			// not after a timeout, where the server may have run it.
			if (pClient) try { pClient->disconnect(); } catch (...) {}
			dropIdle();
			bool timeout = dynamic_cast<Poco::TimeoutException*>(&exc) != nullptr;
			if (reused && !timeout && attempt == 0) continue;
			throw Poco::IOException("redis " + _settings.host + ":" + Poco::NumberFormatter::format(_settings.port) + " unavailable", exc.displayText());
		}
	}
	if (pReply.isNull()) throw Poco::IOException("redis: no reply");
	if (pReply->isError())
		throw Poco::IOException("redis error reply", pReply.cast<Poco::Redis::Type<Poco::Redis::Error>>()->value().getMessage());
	return pReply;
}


std::optional<std::string> RedisCache::get(const std::string& key)
{
	Array command;
	command << "GET" << _settings.keyPrefix + key;
	RedisType::Ptr pReply = run(command);
	if (!pReply->isBulkString()) throw Poco::IOException("redis: unexpected reply to GET");
	const BulkString& value = pReply.cast<Poco::Redis::Type<BulkString>>()->value();
	if (value.isNull()) return std::nullopt;
	return value.value();
}


std::vector<std::optional<std::string>> RedisCache::getMany(const std::vector<std::string>& keys)
{
	std::vector<std::optional<std::string>> values;
	if (keys.empty()) return values;
	Array command;
	command << "MGET";
	for (const std::string& key: keys) command << _settings.keyPrefix + key;
	RedisType::Ptr pReply = run(command);
	if (!pReply->isArray()) throw Poco::IOException("redis: unexpected reply to MGET");
	const Array& reply = pReply.cast<Poco::Redis::Type<Array>>()->value();
	if (reply.isNull() || reply.size() != keys.size()) throw Poco::IOException("redis: MGET answered a different number of values");
	values.reserve(keys.size());
	try
	{
		for (std::size_t i = 0; i < reply.size(); ++i)
		{
			BulkString value = reply.get<BulkString>(i);
			if (value.isNull()) values.emplace_back();
			else values.emplace_back(value.value());
		}
	}
	catch (Poco::BadCastException&)
	{
		throw Poco::IOException("redis: unexpected element in the MGET reply");
	}
	return values;
}


std::vector<RedisCache::Entry> RedisCache::getManyWithTtl(const std::vector<std::string>& keys)
{
	std::vector<Entry> entries;
	if (keys.empty()) return entries;
	Array command;
	command << "EVAL" << GET_WITH_TTL_SCRIPT << Poco::NumberFormatter::format(keys.size());
	for (const std::string& key: keys) command << _settings.keyPrefix + key;
	RedisType::Ptr pReply = run(command);
	if (!pReply->isArray()) throw Poco::IOException("redis: unexpected reply to GET+PTTL");
	const Array& reply = pReply.cast<Poco::Redis::Type<Array>>()->value();
	if (reply.isNull() || reply.size() != 2 * keys.size()) throw Poco::IOException("redis: GET+PTTL answered a different number of values");
	entries.resize(keys.size());
	try
	{
		for (std::size_t i = 0; i < keys.size(); ++i)
		{
			BulkString value = reply.get<BulkString>(2 * i);
			if (!value.isNull()) entries[i].value = value.value();
			entries[i].ttlMilliseconds = reply.get<Poco::Int64>(2 * i + 1);
		}
	}
	catch (Poco::BadCastException&)
	{
		throw Poco::IOException("redis: unexpected element in the GET+PTTL reply");
	}
	return entries;
}


const RedisCache::Settings& RedisCache::settings() const
{
	return _settings;
}


void RedisCache::set(const std::string& key, const std::string& value, int ttlSeconds)
{
	checkTtl(ttlSeconds);
	Array command;
	command << "SET" << _settings.keyPrefix + key << value << "EX" << Poco::NumberFormatter::format(ttlSeconds);
	run(command);
}


bool RedisCache::add(const std::string& key, const std::string& value, int ttlSeconds)
{
	checkTtl(ttlSeconds);
	Array command;
	command << "SET" << _settings.keyPrefix + key << value << "NX" << "EX" << Poco::NumberFormatter::format(ttlSeconds);
	RedisType::Ptr pReply = run(command);
	// "+OK" when stored, a null bulk string when the key existed.
	if (pReply->isSimpleString()) return true;
	if (pReply->isBulkString()) return !pReply.cast<Poco::Redis::Type<BulkString>>()->value().isNull();
	throw Poco::IOException("redis: unexpected reply to SET NX");
}


bool RedisCache::remove(const std::string& key)
{
	Array command;
	command << "DEL" << _settings.keyPrefix + key;
	RedisType::Ptr pReply = run(command);
	if (!pReply->isInteger()) throw Poco::IOException("redis: unexpected reply to DEL");
	return pReply.cast<Poco::Redis::Type<Poco::Int64>>()->value() > 0;
}


Poco::Int64 RedisCache::increment(const std::string& key, int ttlSeconds)
{
	checkTtl(ttlSeconds);
	Array command;
	command << "EVAL" << INCREMENT_SCRIPT << "1" << _settings.keyPrefix + key << Poco::NumberFormatter::format(ttlSeconds);
	RedisType::Ptr pReply = run(command);
	if (!pReply->isInteger()) throw Poco::IOException("redis: unexpected reply to INCR");
	return pReply.cast<Poco::Redis::Type<Poco::Int64>>()->value();
}


bool RedisCache::ping()
{
	try
	{
		Array command;
		command << "PING";
		RedisType::Ptr pReply = run(command);
		return pReply->isSimpleString() && pReply.cast<Poco::Redis::Type<std::string>>()->value() == "PONG";
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


std::string RedisCache::name() const
{
	return "redis";
}


} } // namespace AuthServer::Cache
