//
// Clock.cpp
//


#include "AuthServer/Core/Clock.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/Timestamp.h"
#include <ctime>


namespace AuthServer {
namespace Core {


Poco::Int64 Clock::now()
{
	return static_cast<Poco::Int64>(std::time(nullptr));
}


std::string Clock::toRfc3339(Poco::Int64 epochSeconds)
{
	return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(epochSeconds)), "%Y-%m-%dT%H:%M:%SZ");
}


} } // namespace AuthServer::Core
