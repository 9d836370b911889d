//
// DaemonStartup.cpp
//


#include "DaemonStartup.h"
#include "Poco/Foundation.h"
#include "Poco/Util/Application.h"
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#if defined(POCO_OS_FAMILY_UNIX)
#include <fcntl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#endif


namespace AuthServer {


namespace
{
	int startupFd = -1;

#if defined(POCO_OS_FAMILY_UNIX)
	void writeLine(const std::string& line)
	{
		if (startupFd < 0) return;
		std::string data = line + "\n";
		const char* p = data.data();
		std::size_t left = data.size();
		while (left > 0)
		{
			ssize_t n = ::write(startupFd, p, left);
			if (n < 0 && errno == EINTR) continue;
			if (n <= 0) return;
			p += n;
			left -= static_cast<std::size_t>(n);
		}
	}

	void closeStartupFd()
	{
		if (startupFd >= 0) ::close(startupFd);
		startupFd = -1;
	}
#endif
}


bool DaemonStartup::waitInParent(int argc, char** argv, int& exitCode)
{
#if defined(POCO_OS_FAMILY_UNIX)
	bool daemon = false;
	for (int i = 1; i < argc; ++i)
		if (std::strcmp(argv[i], "--daemon") == 0) daemon = true;
	if (!daemon) return false;
	int fds[2];
	if (::pipe(fds) != 0)
	{
		std::cerr << "cannot create the start-up pipe: " << std::strerror(errno) << std::endl;
		exitCode = Poco::Util::Application::EXIT_OSERR;
		return true;
	}
	pid_t pid = ::fork();
	if (pid < 0)
	{
		std::cerr << "cannot fork: " << std::strerror(errno) << std::endl;
		exitCode = Poco::Util::Application::EXIT_OSERR;
		return true;
	}
	if (pid == 0)
	{
		::close(fds[0]);
		::fcntl(fds[1], F_SETFD, FD_CLOEXEC);
		startupFd = fds[1];
		return false;
	}
	::close(fds[1]);
	std::string received;
	char buffer[4096];
	for (;;)
	{
		ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
		if (n < 0 && errno == EINTR) continue;
		if (n <= 0) break;
		received.append(buffer, static_cast<std::size_t>(n));
	}
	::close(fds[0]);
	::waitpid(pid, nullptr, 0); // the intermediate process POCO's own fork leaves
	exitCode = Poco::Util::Application::EXIT_SOFTWARE;
	bool finished = false;
	std::size_t start = 0;
	while (start < received.size())
	{
		std::size_t end = received.find('\n', start);
		if (end == std::string::npos) end = received.size();
		std::string line = received.substr(start, end - start);
		start = end + 1;
		if (line.compare(0, 2, "E ") == 0) std::cerr << line.substr(2) << std::endl;
		else if (line == "R") { exitCode = 0; finished = true; }
		else if (line.compare(0, 2, "X ") == 0) { exitCode = std::atoi(line.c_str() + 2); finished = true; }
	}
	if (!finished) std::cerr << "authserver: the daemon ended during start-up without a report (see its log file)" << std::endl;
	return true;
#else
	(void) argc;
	(void) argv;
	(void) exitCode;
	return false;
#endif
}


void DaemonStartup::reportError(const std::string& message)
{
#if defined(POCO_OS_FAMILY_UNIX)
	std::string line = message;
	for (char& c: line) if (c == '\n' || c == '\r') c = ' ';
	writeLine("E " + line);
#else
	(void) message;
#endif
}


void DaemonStartup::reportReady()
{
#if defined(POCO_OS_FAMILY_UNIX)
	writeLine("R");
	closeStartupFd();
#endif
}


void DaemonStartup::reportFinished(int exitCode)
{
#if defined(POCO_OS_FAMILY_UNIX)
	writeLine("X " + std::to_string(exitCode));
	closeStartupFd();
#else
	(void) exitCode;
#endif
}


} // namespace AuthServer
