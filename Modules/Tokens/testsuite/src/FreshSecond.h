//
// FreshSecond.h
//
// Test helper of the Tokens testsuite.
//


#ifndef AuthServer_Tokens_FreshSecond_INCLUDED
#define AuthServer_Tokens_FreshSecond_INCLUDED


#include "AuthServer/Core/Clock.h"
#include <chrono>
#include <thread>


namespace AuthServer {
namespace Tokens {


inline void waitForFreshSecond()
	/// Returns just after Core::Clock::now() (whole seconds) has moved to
	/// the next second (waits at most about 1 s, in 1 ms steps). A token
	/// of a 1-second lifetime issued right after it stays valid for about a
	/// second: iat and exp are whole seconds (RFC 7519 §2, NumericDate), so
	/// one issued at x.998 s would be expired 2 ms later, before a test
	/// could verify it (a failure seen under load in CI).
{
	const Poco::Int64 second = Core::Clock::now();
	while (Core::Clock::now() == second) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_FreshSecond_INCLUDED
