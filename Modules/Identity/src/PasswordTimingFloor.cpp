//
// PasswordTimingFloor.cpp
//


#include "AuthServer/Identity/PasswordTimingFloor.h"
#include "Poco/Exception.h"
#include <chrono>
#include <thread>


namespace AuthServer {
namespace Identity {


void PasswordTimingFloor::setCounter(Counter counter, int recountSeconds)
{
	std::lock_guard<std::mutex> lock(_mutex);
	_counter = std::move(counter);
	_recountSeconds = recountSeconds;
	_counted = false;
}


bool PasswordTimingFloor::knows(const std::string& costClass) const
{
	std::lock_guard<std::mutex> lock(_mutex);
	return _classes.count(costClass) != 0;
}


void PasswordTimingFloor::record(const std::string& costClass, Poco::Timespan took)
{
	std::lock_guard<std::mutex> lock(_mutex);
	if (!_classes.emplace(costClass, took).second) return;
	if (took > _slowest) _slowest = took;
}


Poco::Timespan PasswordTimingFloor::floor()
{
	Counter counter;
	{
		std::lock_guard<std::mutex> lock(_mutex);
		if (!_counter) return 0;
		if (_counted && _countedAt.elapsed() < Poco::Timespan(_recountSeconds, 0).totalMicroseconds())
			return _left > 0 ? _slowest : Poco::Timespan(0);
		counter = _counter;
	}
	// The count runs outside the lock; concurrent checks meanwhile use the
	// last answer (or count too, the first time).
	std::int64_t left = 1;
	try
	{
		left = counter();
	}
	catch (Poco::Exception&)
	{
		// The database did not answer: keep padding (the safe side).
	}
	std::lock_guard<std::mutex> lock(_mutex);
	_left = left;
	_counted = true;
	_countedAt.update();
	return _left > 0 ? _slowest : Poco::Timespan(0);
}


void PasswordTimingFloor::padFrom(const Poco::Timestamp& start)
{
	Poco::Timespan wait = floor().totalMicroseconds() - start.elapsed();
	if (wait.totalMicroseconds() > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait.totalMicroseconds()));
}


} } // namespace AuthServer::Identity
