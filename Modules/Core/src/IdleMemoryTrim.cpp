//
// IdleMemoryTrim.cpp
//


#include "AuthServer/Core/IdleMemoryTrim.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <dlfcn.h>


namespace AuthServer {
namespace Core {


namespace
{
	using Mallctl = int (*)(const char*, void*, std::size_t*, void*, std::size_t);

	Mallctl jemallocControl()
		/// jemalloc's mallctl(3) when jemalloc is in the process (the
		/// authserver executable links it: AUTHSERVER_JEMALLOC), else null.
		/// Looked up at run time so that Core links no allocator: its test
		/// suites run on glibc's malloc.
	{
		static const Mallctl pControl = reinterpret_cast<Mallctl>(::dlsym(RTLD_DEFAULT, "mallctl"));
		return pControl;
	}
}


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
	if (Mallctl control = jemallocControl())
	{
		// "arena.<i>.purge" with i = MALLCTL_ARENAS_ALL (4096): the dirty
		// pages of every arena go back to the system (jemalloc(3)).
		control("arena.4096.purge", nullptr, nullptr, nullptr, 0);
		return;
	}
#if defined(__GLIBC__)
	::malloc_trim(0);
#endif
}


std::string IdleMemoryTrim::allocator()
{
	if (Mallctl control = jemallocControl())
	{
		const char* version = nullptr;
		std::size_t size = sizeof(version);
		ssize_t dirtyDecayMs = 0;
		std::size_t decaySize = sizeof(dirtyDecayMs);
		std::string name = "jemalloc";
		if (control("version", &version, &size, nullptr, 0) == 0 && version)
			name += " " + std::string(version).substr(0, std::string(version).find('-'));
		if (control("opt.dirty_decay_ms", &dirtyDecayMs, &decaySize, nullptr, 0) == 0)
			name += ", dirty_decay_ms " + std::to_string(dirtyDecayMs);
		return name;
	}
#if defined(__GLIBC__)
	return "glibc malloc";
#else
	return "the C library's malloc";
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
