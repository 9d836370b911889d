//
// EventLoop.h
//
// The epoll loop of ReactorServer's reactor thread.
//


#ifndef AuthServer_Http_EventLoop_INCLUDED
#define AuthServer_Http_EventLoop_INCLUDED


#include <atomic>
#include <cstdint>
#include <functional>


namespace AuthServer {
namespace Http {


class EventLoop
	/// A level-triggered epoll(7) loop with an eventfd(2) other threads
	/// use to wake it.
	///
	/// Why not Poco::Net::SocketReactor (POCO 1.11): its PollSet cannot be
	/// woken from another thread while it waits (SocketReactor::wakeUp()
	/// only ends the idle sleep), so an answer a worker finished would wait
	/// up to the poll timeout; it builds a std::map of ready sockets and
	/// posts a notification object per event; and it does not report
	/// EPOLLHUP/EPOLLRDHUP. This loop keeps POCO's socket objects (the
	/// caller owns them) and is only the readiness wait.
{
public:
	class Handler
		/// Something registered with the loop (a listener, a connection).
	{
	public:
		virtual ~Handler();
		virtual void onEvents(std::uint32_t events) = 0;
			/// events is the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLERR,
			/// EPOLLHUP, EPOLLRDHUP).
	};

	EventLoop();
		/// Creates the epoll and eventfd descriptors; throws
		/// Poco::IOException if the kernel refuses.

	~EventLoop();

	void add(int fd, Handler* pHandler, std::uint32_t events);
		/// Watches fd for events (EPOLLIN and/or EPOLLOUT; errors and hang
		/// ups are always reported). Loop thread only.

	void modify(int fd, Handler* pHandler, std::uint32_t events);
		/// Changes the events watched on fd. Loop thread only.

	void remove(int fd);
		/// Stops watching fd; call before closing it. Loop thread only.

	void run(const std::function<void()>& onWake, const std::function<void()>& onTick, const std::function<void()>& onRoundEnd, long tickMs);
		/// Waits and dispatches until stop(): onWake after wakeUp() was
		/// called, onTick at least every tickMs milliseconds, onRoundEnd
		/// after every round (the events of one epoll_wait).

	void stop();
		/// Ends run() after the current round. Loop thread only.

	void wakeUp();
		/// Makes run() call onWake soon. Any thread; cheap when a wake-up is
		/// already pending.

private:
	EventLoop(const EventLoop&) = delete;
	EventLoop& operator = (const EventLoop&) = delete;

	int _epollFd = -1;
	int _wakeFd = -1;
	std::atomic<bool> _wakePending{false};
	bool _stop = false;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_EventLoop_INCLUDED
