//
// IdleMemoryTrim.cpp
//


#include "AuthServer/Core/IdleMemoryTrim.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif


namespace AuthServer {
namespace Core {


IdleMemoryTrim::IdleMemoryTrim(std::chrono::milliseconds quietFor, Trim trim):
	_quietFor(quietFor),
	_trim(std::move(trim))
{
}


void IdleMemoryTrim::activity()
{
	++_activity;
}


bool IdleMemoryTrim::tick(Clock::time_point now)
{
	if (_quietFor.count() <= 0) return false;
	if (_activity != _seen)
	{
		// Busy since the last tick: the quiet period starts again.
		_seen = _activity;
		_pending = true;
		_quietSince = now;
		return false;
	}
	if (!_pending || now - _quietSince < _quietFor) return false;
	_pending = false;
	++_trims;
	if (_trim) _trim();
	return true;
}


std::uint64_t IdleMemoryTrim::trims() const
{
	return _trims;
}


void IdleMemoryTrim::mallocTrim()
{
#if defined(__GLIBC__)
	::malloc_trim(0);
#endif
}


bool IdleMemoryTrim::limitArenas(int arenas)
{
#if defined(__GLIBC__)
	return ::mallopt(M_ARENA_MAX, arenas < 1 ? 1 : arenas) == 1;
#else
	(void) arenas;
	return false;
#endif
}


} } // namespace AuthServer::Core
