//
// EventLoop.cpp
//


#include "AuthServer/Http/EventLoop.h"
#include "Poco/Exception.h"
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>


namespace AuthServer {
namespace Http {


EventLoop::Handler::~Handler()
{
}


EventLoop::EventLoop()
{
	_epollFd = ::epoll_create1(EPOLL_CLOEXEC);
	if (_epollFd < 0) throw Poco::IOException("epoll_create1", std::strerror(errno));
	_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (_wakeFd < 0)
	{
		::close(_epollFd);
		throw Poco::IOException("eventfd", std::strerror(errno));
	}
	struct epoll_event ev{};
	ev.events = EPOLLIN;
	ev.data.ptr = nullptr; // null: the wake-up descriptor
	if (::epoll_ctl(_epollFd, EPOLL_CTL_ADD, _wakeFd, &ev) != 0) throw Poco::IOException("epoll_ctl", std::strerror(errno));
}


EventLoop::~EventLoop()
{
	::close(_wakeFd);
	::close(_epollFd);
}


void EventLoop::add(int fd, Handler* pHandler, std::uint32_t events)
{
	struct epoll_event ev{};
	ev.events = (events & EPOLLIN) ? (events | EPOLLRDHUP) : events; // level-triggered: a half-close is only asked for while reading
	ev.data.ptr = pHandler;
	if (::epoll_ctl(_epollFd, EPOLL_CTL_ADD, fd, &ev) != 0) throw Poco::IOException("epoll_ctl ADD", std::strerror(errno));
}


void EventLoop::modify(int fd, Handler* pHandler, std::uint32_t events)
{
	struct epoll_event ev{};
	ev.events = (events & EPOLLIN) ? (events | EPOLLRDHUP) : events; // level-triggered: a half-close is only asked for while reading
	ev.data.ptr = pHandler;
	if (::epoll_ctl(_epollFd, EPOLL_CTL_MOD, fd, &ev) != 0) throw Poco::IOException("epoll_ctl MOD", std::strerror(errno));
}


void EventLoop::remove(int fd)
{
	struct epoll_event ev{};
	::epoll_ctl(_epollFd, EPOLL_CTL_DEL, fd, &ev);
}


void EventLoop::run(const std::function<void()>& onWake, const std::function<void()>& onTick, const std::function<void()>& onRoundEnd, long tickMs)
{
	constexpr int MAX_EVENTS = 256;
	struct epoll_event events[MAX_EVENTS];
	auto lastTick = std::chrono::steady_clock::now();
	_stop = false;
	while (!_stop)
	{
		int n = ::epoll_wait(_epollFd, events, MAX_EVENTS, static_cast<int>(tickMs));
		if (n < 0 && errno != EINTR) throw Poco::IOException("epoll_wait", std::strerror(errno));
		bool woken = false;
		for (int i = 0; i < n; ++i)
		{
			if (events[i].data.ptr == nullptr)
			{
				woken = true;
				continue;
			}
			static_cast<Handler*>(events[i].data.ptr)->onEvents(events[i].events);
		}
		if (woken)
		{
			std::uint64_t value;
			while (::read(_wakeFd, &value, sizeof(value)) > 0)
			{
			}
			_wakePending.store(false);
			onWake();
		}
		auto now = std::chrono::steady_clock::now();
		if (now - lastTick >= std::chrono::milliseconds(tickMs))
		{
			lastTick = now;
			onTick();
		}
		onRoundEnd();
	}
}


void EventLoop::stop()
{
	_stop = true;
}


void EventLoop::wakeUp()
{
	if (_wakePending.exchange(true)) return;
	std::uint64_t one = 1;
	ssize_t rc = ::write(_wakeFd, &one, sizeof(one));
	(void) rc;
}


} } // namespace AuthServer::Http
