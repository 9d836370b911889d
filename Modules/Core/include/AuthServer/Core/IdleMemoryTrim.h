//
// IdleMemoryTrim.h
//
// Hands memory the allocator kept after a burst back to the system once the
// server has gone quiet.
//


#ifndef AuthServer_Core_IdleMemoryTrim_INCLUDED
#define AuthServer_Core_IdleMemoryTrim_INCLUDED


#include <chrono>
#include <cstdint>
#include <functional>
#include <string>


namespace AuthServer {
namespace Core {


class IdleMemoryTrim
	/// glibc's malloc gives threads that allocate at the same time arenas of
	/// their own and keeps the chunks they free for reuse (mallopt(3),
	/// M_ARENA_MAX); only malloc_trim(3) returns the free pages inside them.
	/// After a write burst the server's RSS stays tens of MiB above what it
	/// uses (bench/README.md, "Memory"). The server's jemalloc is set to keep
	/// its dirty pages likewise (Argon2id's 19 MiB are then reused, not
	/// faulted in again for every hash) until a purge. This class calls the
	/// trim once per quiet period: after activity, when no activity was seen
	/// for quietFor.
	///
	/// Not thread-safe: activity() and tick() are called from one thread (the
	/// reactor's). The trim itself runs inside tick().
{
public:
	using Clock = std::chrono::steady_clock;
	using Trim = std::function<void()>;

	IdleMemoryTrim(std::chrono::milliseconds quietFor, Trim trim = &IdleMemoryTrim::mallocTrim);
		/// quietFor: how long without activity before the trim (milliseconds);
		/// zero or less turns the trim off. trim: what to call (tests pass
		/// their own; the default is mallocTrim()).

	void activity();
		/// Records that work was done (a request was dispatched). Cheap: one
		/// counter increment, no clock reading.

	bool tick(Clock::time_point now);
		/// Called periodically (the reactor's 100 ms tick). Returns true when
		/// it called the trim: there was activity since the last trim and
		/// none in the last quietFor. At most one trim per quiet period.

	std::uint64_t trims() const;
		/// Returns how many times the trim ran.

	static void mallocTrim();
		/// Gives the free pages the allocator keeps back to the system. With
		/// jemalloc in the process (the authserver executable's allocator,
		/// which keeps dirty pages until this call: AuthServer/src/main.cpp),
		/// purges every arena ("arena.<MALLCTL_ARENAS_ALL>.purge", jemalloc(3));
		/// otherwise malloc_trim(0) on glibc (returns the free pages of every
		/// arena with madvise); does nothing on other C libraries.

	static std::string allocator();
		/// Returns the allocator serving the process, for the start-up log:
		/// "jemalloc 5.3.0, dirty_decay_ms -1" or "glibc malloc".

	static bool limitArenas(int arenas);
		/// mallopt(M_ARENA_MAX, arenas) on glibc: threads that allocate at
		/// once share at most arenas arenas (at least 1) instead of glibc's
		/// 8 per core, each keeping its own free chunks. Call it before the
		/// threads start (arenas made earlier stay). Returns true when the
		/// limit was set; false on other C libraries. bench/run.sh, RSS
		/// with 10,000 idle connections after its load: 154.6 and 167.0 MiB
		/// with glibc's default, 145.5 with 4 arenas on 2 cores, request
		/// rates unchanged (issue 13's goal: under 160 MiB).

private:
	std::chrono::milliseconds _quietFor;
	Trim _trim;
	std::uint64_t _activity = 0;
	std::uint64_t _seen = 0;
	bool _pending = false;
	Clock::time_point _quietSince{};
	std::uint64_t _trims = 0;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_IdleMemoryTrim_INCLUDED
