//
// LoopbackRedis.h
//
// A real redis-server for the Cache test suites: started on a free loopback
// port without persistence, stopped by stop() or the destructor.
//


#ifndef AuthServer_Cache_LoopbackRedis_INCLUDED
#define AuthServer_Cache_LoopbackRedis_INCLUDED


#include "AuthServer/Cache/RedisCache.h"
#include "Poco/Process.h"
#include <memory>
#include <string>
#include <vector>


class LoopbackRedis
	/// Owns one redis-server child process bound to 127.0.0.1. The port is
	/// chosen once (free at construction) and kept across stop()/start(), so a
	/// test can restart Redis under clients that stay configured.
{
public:
	explicit LoopbackRedis(std::vector<std::string> extraArgs = {});
		/// Picks a free loopback port; extraArgs are appended to redis-server's
		/// command line (e.g. {"--enable-debug-command", "yes"}). Does not start.

	~LoopbackRedis();
		/// Stops the server if it runs.

	void start();
		/// Launches redis-server (--save "" --appendonly no) and waits at most
		/// 10 s for PING. Fails the current CppUnit test if it never answers.

	void stop();
		/// Terminates the server (SIGTERM) and waits for it to exit. No-op when
		/// not running.

	int port() const;
		/// The loopback TCP port (1..65535).

	AuthServer::Cache::RedisCache::Settings settings(const std::string& keyPrefix = "test:") const;
		/// RedisCache settings for this server: the port, keyPrefix, a pool of
		/// 4 connections and a 1 s timeout.

private:
	LoopbackRedis(const LoopbackRedis&) = delete;
	LoopbackRedis& operator = (const LoopbackRedis&) = delete;

	std::vector<std::string> _extraArgs;
	int _port = 0;
	std::unique_ptr<Poco::ProcessHandle> _pHandle;
};


#endif // AuthServer_Cache_LoopbackRedis_INCLUDED
