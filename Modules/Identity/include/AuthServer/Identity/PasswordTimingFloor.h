//
// PasswordTimingFloor.h
//
// Pads every password check to the slowest hash class in use.
//


#ifndef AuthServer_Identity_PasswordTimingFloor_INCLUDED
#define AuthServer_Identity_PasswordTimingFloor_INCLUDED


#include "Poco/Timespan.h"
#include "Poco/Timestamp.h"
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>


namespace AuthServer {
namespace Identity {


class PasswordTimingFloor
	/// While accounts keep hashes another system made (imported Django
	/// hashes: PBKDF2 at 10^5..10^6 iterations, bcrypt cost 12, Argon2 at
	/// 100 MiB cost more or less than this server's Argon2id), the time of a
	/// password check tells which kind of hash an account has, and a login
	/// for an unknown email (one dummy Argon2id check) answers in another
	/// time than one for an imported account: timing enumeration (OWASP
	/// ASVS 2.2 / 3.x, COMPAT.md "Timing"). So every check, real or dummy,
	/// lasts at least as long as the slowest cost class met: a class is
	/// "<algorithm>$<parameters>" without salt and hash, timed the first
	/// time it is checked (at start for the classes stored, later when a
	/// login meets a new one). Padding sleeps on the calling thread, it
	/// does not compute (the hashing pool stays free). The floor is 0, and
	/// nothing waits, until a counter of accounts left with such hashes is
	/// set and answers more than 0 (asked at most every recountSeconds).
	/// Thread-safe.
{
public:
	using Counter = std::function<std::int64_t()>;

	void setCounter(Counter counter, int recountSeconds);
		/// Sets what answers how many accounts keep a hash of another
		/// system (0: no padding). Call before serving.

	bool knows(const std::string& costClass) const;
		/// Returns whether costClass was timed.

	void record(const std::string& costClass, Poco::Timespan took);
		/// Keeps took as the time of costClass when it is met the first time
		/// (later calls for it change nothing).

	Poco::Timespan floor();
		/// Returns the longest recorded time, or 0 when no counter is set or
		/// it answers 0 accounts left.

	void padFrom(const Poco::Timestamp& start);
		/// Sleeps until start + floor() (returns at once when that is past).

private:
	mutable std::mutex _mutex;
	std::map<std::string, Poco::Timespan> _classes;
	Poco::Timespan _slowest;
	Counter _counter;
	int _recountSeconds = 30;
	std::int64_t _left = 0;
	Poco::Timestamp _countedAt = 0;
	bool _counted = false;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PasswordTimingFloor_INCLUDED
