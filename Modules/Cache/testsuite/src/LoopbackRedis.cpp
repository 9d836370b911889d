//
// LoopbackRedis.cpp
//


#include "LoopbackRedis.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Thread.h"
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Cache::RedisCache;


LoopbackRedis::LoopbackRedis(std::vector<std::string> extraArgs):
	_extraArgs(std::move(extraArgs))
{
	Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
	_port = probe.address().port();
	probe.close();
}


LoopbackRedis::~LoopbackRedis()
{
	try
	{
		stop();
	}
	catch (...)
	{
	}
}


void LoopbackRedis::start()
{
	std::vector<std::string> args = {"--bind", "127.0.0.1", "--port", std::to_string(_port), "--save", "", "--appendonly", "no", "--loglevel", "warning"};
	args.insert(args.end(), _extraArgs.begin(), _extraArgs.end());
	_pHandle.reset(new Poco::ProcessHandle(Poco::Process::launch("redis-server", args)));
	RedisCache probe(settings());
	for (int i = 0; i < 100; ++i) // at most 10 s
	{
		if (probe.ping()) return;
		Poco::Thread::sleep(100);
	}
	stop();
	CPPUNIT_FAIL("redis-server did not answer PING within 10 s");
}


void LoopbackRedis::stop()
{
	if (!_pHandle) return;
	Poco::Process::requestTermination(_pHandle->id());
	_pHandle->wait();
	_pHandle.reset();
}


int LoopbackRedis::port() const
{
	return _port;
}


RedisCache::Settings LoopbackRedis::settings(const std::string& keyPrefix) const
{
	RedisCache::Settings s;
	s.port = _port;
	s.keyPrefix = keyPrefix;
	s.poolSize = 4;
	s.timeout = Poco::Timespan(1, 0);
	return s;
}
