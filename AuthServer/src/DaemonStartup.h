//
// DaemonStartup.h
//
// Tells the command that ran `authserver --daemon` how start-up ended.
//


#ifndef AuthServer_DaemonStartup_INCLUDED
#define AuthServer_DaemonStartup_INCLUDED


#include <string>


namespace AuthServer {


class DaemonStartup
	/// POCO's ServerApplication forks at once for --daemon: the command
	/// returns 0 before the configuration is even read, and the daemon's
	/// stderr is /dev/null, so a bad key would go unnoticed (CONFIG.md: a
	/// bad value makes the server "print which key is wrong and exit
	/// non-zero before it listens").
	///
	/// With --daemon, waitInParent() forks once more before POCO does and
	/// keeps the first process waiting on a pipe. The daemon writes its
	/// start-up errors and then either "ready" (listening) or its exit
	/// code; the waiting process prints the errors on its stderr and exits
	/// with that code (0 once the daemon listens). Unix only; elsewhere
	/// every call does nothing.
{
public:
	static bool waitInParent(int argc, char** argv, int& exitCode);
		/// Returns false at once without --daemon among the arguments, and in
		/// the forked process that goes on to become the daemon. Returns true
		/// in the waiting process, with exitCode set: 0 when the daemon
		/// listens, its exit code when start-up failed, EXIT_SOFTWARE (70)
		/// when it ended without a word (crash, or an option error that
		/// POCO reported to the daemon's log), EXIT_OSERR (71) when the fork
		/// failed.

	static void reportError(const std::string& message);
		/// Passes one line of start-up error to the waiting process (no-op
		/// when there is none or start-up was already reported).

	static void reportReady();
		/// Tells the waiting process the server listens; it exits 0.

	static void reportFinished(int exitCode);
		/// Tells the waiting process start-up ended with exitCode (no-op
		/// after reportReady()).
};


} // namespace AuthServer


#endif // AuthServer_DaemonStartup_INCLUDED
