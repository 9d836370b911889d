//
// EscapingSubsystem.cpp
//


#include "AuthServer/Core/EscapingSubsystem.h"
#include "AuthServer/Core/EscapingChannel.h"


namespace AuthServer {
namespace Core {


const char* EscapingSubsystem::name() const
{
	return "AuthServer.LogEscaping";
}


void EscapingSubsystem::initialize(Poco::Util::Application&)
{
	EscapingChannel::installEverywhere();
}


void EscapingSubsystem::uninitialize()
{
}


} } // namespace AuthServer::Core
