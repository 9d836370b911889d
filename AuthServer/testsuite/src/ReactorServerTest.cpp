//
// ReactorServerTest.cpp
//
// The event-driven connection layer: RequestFramer on byte strings
// (framing, limits, the request smuggling vectors of RFC 9112 §6.1/§6.3,
// §2.2, §5.2) and ReactorServer over loopback sockets (pipelining,
// keep-alive, limits, timeouts, shutdown) with small limits.
//


#include "AuthServer/Http/ReactorServer.h"
#include "AuthServer/Http/RequestFramer.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "Poco/Thread.h"
#include <cppunit/extensions/HelperMacros.h>
#include <chrono>
#include <memory>


using AuthServer::Http::FramedRequest;
using AuthServer::Http::ReactorServer;
using AuthServer::Http::RequestFramer;
using AuthServer::Http::ServerLimits;


namespace
{
	struct Framed
	{
		RequestFramer::Result result;
		int status = 0;
		FramedRequest request;
		std::string rest;
	};

	Framed frame(const std::string& bytes, const ServerLimits& limits = ServerLimits())
	{
		RequestFramer framer(limits);
		std::string buffer = bytes;
		Framed framed;
		framed.result = framer.parse(buffer);
		framed.status = framer.status();
		if (framed.result == RequestFramer::Result::COMPLETE) framed.request = framer.take();
		framed.rest = buffer;
		return framed;
	}

	Framed frameByteByByte(const std::string& bytes)
	{
		ServerLimits limits;
		RequestFramer framer(limits);
		std::string buffer;
		Framed framed;
		framed.result = RequestFramer::Result::NEED_MORE;
		for (char c: bytes)
		{
			buffer += c;
			framed.result = framer.parse(buffer);
			if (framed.result != RequestFramer::Result::NEED_MORE) break;
		}
		framed.status = framer.status();
		if (framed.result == RequestFramer::Result::COMPLETE) framed.request = framer.take();
		return framed;
	}

	std::string field(const FramedRequest& request, const std::string& name)
	{
		for (const auto& f: request.fields)
			if (f.first == name) return f.second;
		return "";
	}

	class EchoHandler: public Poco::Net::HTTPRequestHandler
	{
	public:
		void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
		{
			std::string body;
			Poco::StreamCopier::copyToString(request.stream(), body);
			if (request.getURI().find("/slow") == 0) Poco::Thread::sleep(400);
			std::string text = request.getMethod() + " " + request.getURI() + " " + body;
			response.setContentType("text/plain");
			response.send() << text;
		}
	};

	class EchoFactory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new EchoHandler;
		}
	};

	class Server
	{
	public:
		explicit Server(const ServerLimits& limits):
			_socket(Poco::Net::SocketAddress("127.0.0.1", 0)),
			_server(limits)
		{
			_server.addListener(_socket, new EchoFactory);
			_server.start();
		}

		~Server()
		{
			_server.stop(2000);
		}

		Poco::Net::StreamSocket connect()
		{
			Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", _socket.address().port()));
			socket.setReceiveTimeout(Poco::Timespan(5, 0));
			return socket;
		}

		ReactorServer& server()
		{
			return _server;
		}

	private:
		Poco::Net::ServerSocket _socket;
		ReactorServer _server;
	};

	void sendAll(Poco::Net::StreamSocket& socket, const std::string& data)
	{
		socket.sendBytes(data.data(), static_cast<int>(data.size()));
	}

	std::string readUntilClosed(Poco::Net::StreamSocket& socket)
	{
		std::string data;
		char buffer[4096];
		for (;;)
		{
			int n = 0;
			try
			{
				n = socket.receiveBytes(buffer, sizeof(buffer));
			}
			catch (Poco::TimeoutException&)
			{
				data += "<timeout>";
				return data;
			}
			catch (Poco::Exception&)
			{
				return data;
			}
			if (n <= 0) return data;
			data.append(buffer, static_cast<std::size_t>(n));
		}
	}

	std::string readResponses(Poco::Net::StreamSocket& socket, std::size_t count)
	{
		// Reads until count answers (each with Content-Length) are in.
		std::string data;
		char buffer[4096];
		auto complete = [&]
		{
			std::size_t pos = 0;
			for (std::size_t i = 0; i < count; ++i)
			{
				std::size_t end = data.find("\r\n\r\n", pos);
				if (end == std::string::npos) return false;
				std::size_t cl = data.find("Content-Length: ", pos);
				std::size_t length = cl != std::string::npos && cl < end ? std::stoul(data.substr(cl + 16)) : 0;
				if (data.size() < end + 4 + length) return false;
				pos = end + 4 + length;
			}
			return true;
		};
		while (!complete())
		{
			int n = socket.receiveBytes(buffer, sizeof(buffer));
			if (n <= 0) break;
			data.append(buffer, static_cast<std::size_t>(n));
		}
		return data;
	}

	bool contains(const std::string& text, const std::string& part)
	{
		return text.find(part) != std::string::npos;
	}

	bool containsNoCase(const std::string& text, const std::string& part)
	{
		// Connection options are case-insensitive (RFC 9110 §7.6.1); POCO writes "Close".
		return Poco::toLower(text).find(Poco::toLower(part)) != std::string::npos;
	}
}


class ReactorServerTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ReactorServerTest);
	CPPUNIT_TEST(testFramesGetAndLeavesPipelinedRest);
	CPPUNIT_TEST(testFramesContentLengthBody);
	CPPUNIT_TEST(testDecodesChunkedBody);
	CPPUNIT_TEST(testFramesByteByByte);
	CPPUNIT_TEST(testFinding3DifferingContentLengthRefused);
	CPPUNIT_TEST(testFinding3RepeatedContentLengthRefused);
	CPPUNIT_TEST(testFinding3ContentLengthListRefused);
	CPPUNIT_TEST(testFinding3TransferEncodingOtherThanChunkedRefused);
	CPPUNIT_TEST(testFinding3SecondTransferEncodingRefused);
	CPPUNIT_TEST(testFinding3ContentLengthWithChunkedClosesAfter);
	CPPUNIT_TEST(testFinding3BareLfRefused);
	CPPUNIT_TEST(testFinding3ObsFoldRefused);
	CPPUNIT_TEST(testWhitespaceBeforeColonRefused);
	CPPUNIT_TEST(testTransferEncodingInHttp10Refused);
	CPPUNIT_TEST(testHeaderLimitsAnswer431);
	CPPUNIT_TEST(testBodyLimitAnswers413);
	CPPUNIT_TEST(testUnknownVersionAnswers505);
	CPPUNIT_TEST(testPipelinedAnswersInOrder);
	CPPUNIT_TEST(testKeepAliveRules);
	CPPUNIT_TEST(testSmugglingAnswer400AndClose);
	CPPUNIT_TEST(testBothHeadersServedThenClosed);
	CPPUNIT_TEST(testHeaderTimeoutAnswers408);
	CPPUNIT_TEST(testIdleKeepAliveClosed);
	CPPUNIT_TEST(testMaxConnectionsPerIp);
	CPPUNIT_TEST(testMaxConnections);
	CPPUNIT_TEST(testQueueFullAnswers503);
	CPPUNIT_TEST(testTooLargeHeaderBlockAnswers431Problem);
	CPPUNIT_TEST(testStopClosesIdleAndFinishesInFlight);
	CPPUNIT_TEST(testHalfClosedClientStillGetsItsAnswer);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFramesGetAndLeavesPipelinedRest()
	{
		Framed f = frame("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::COMPLETE);
		CPPUNIT_ASSERT_EQUAL(std::string("GET"), f.request.method);
		CPPUNIT_ASSERT_EQUAL(std::string("/a"), f.request.uri);
		CPPUNIT_ASSERT_EQUAL(std::string("x"), field(f.request, "Host"));
		CPPUNIT_ASSERT_EQUAL(std::string("GET /b HTTP/1.1\r\n\r\n"), f.rest);
	}

	void testFramesContentLengthBody()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::COMPLETE);
		CPPUNIT_ASSERT_EQUAL(std::string("hello"), f.request.body);
		CPPUNIT_ASSERT_EQUAL(std::string("GET"), f.rest);
		CPPUNIT_ASSERT(!f.request.closeAfter);
	}

	void testDecodesChunkedBody()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::COMPLETE);
		CPPUNIT_ASSERT_EQUAL(std::string("hello world"), f.request.body);
		CPPUNIT_ASSERT_EQUAL(std::string("11"), field(f.request, "Content-Length"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), field(f.request, "Transfer-Encoding"));
	}

	void testFramesByteByByte()
	{
		Framed f = frameByteByByte("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::COMPLETE);
		CPPUNIT_ASSERT_EQUAL(std::string("abc"), f.request.body);
		f = frameByteByByte("GET / HTTP/1.1\nHost: x\r\n\r\n");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::FAILED);
		CPPUNIT_ASSERT_EQUAL(400, f.status);
	}

	void testFinding3DifferingContentLengthRefused()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhello");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::FAILED);
		CPPUNIT_ASSERT_EQUAL(400, f.status);
	}

	void testFinding3RepeatedContentLengthRefused()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\nhello");
		CPPUNIT_ASSERT_EQUAL(400, f.status);
	}

	void testFinding3ContentLengthListRefused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\nhello").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nContent-Length: \r\n\r\n").status);
	}

	void testFinding3TransferEncodingOtherThanChunkedRefused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n0\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST /x HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n").status);
	}

	void testFinding3SecondTransferEncodingRefused()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n\r\n0\r\n\r\n");
		CPPUNIT_ASSERT_EQUAL(400, f.status);
	}

	void testFinding3ContentLengthWithChunkedClosesAfter()
	{
		Framed f = frame("POST /x HTTP/1.1\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hidden HTTP/1.1\r\n\r\n");
		CPPUNIT_ASSERT(f.result == RequestFramer::Result::COMPLETE);
		CPPUNIT_ASSERT(f.request.closeAfter);
		CPPUNIT_ASSERT_EQUAL(std::string(""), f.request.body);
		CPPUNIT_ASSERT_EQUAL(std::string("0"), field(f.request, "Content-Length"));
	}

	void testFinding3BareLfRefused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("GET / HTTP/1.1\nHost: x\n\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("GET / HTTP/1.1\r\nHost: x\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n").status);
	}

	void testFinding3ObsFoldRefused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("GET / HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("POST / HTTP/1.1\r\nContent-Length: 0\r\n\tTransfer-Encoding: chunked\r\n\r\n").status);
	}

	void testWhitespaceBeforeColonRefused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\n").status);
	}

	void testTransferEncodingInHttp10Refused()
	{
		CPPUNIT_ASSERT_EQUAL(400, frame("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status);
	}

	void testHeaderLimitsAnswer431()
	{
		ServerLimits limits;
		std::string many = "GET / HTTP/1.1\r\n";
		for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
		CPPUNIT_ASSERT_EQUAL(431, frame(many + "\r\n").status);
		CPPUNIT_ASSERT_EQUAL(431, frame("GET / HTTP/1.1\r\nX: " + std::string(8193, 'a') + "\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(431, frame("GET / HTTP/1.1\r\n" + std::string(257, 'N') + ": v\r\n\r\n").status);
		std::string huge = "GET / HTTP/1.1\r\n";
		while (huge.size() <= limits.maxHeaderBlock) huge += "X-Pad: " + std::string(4000, 'p') + "\r\n";
		CPPUNIT_ASSERT_EQUAL(431, frame(huge).status); // refused before the block ends
		CPPUNIT_ASSERT_EQUAL(414, frame("GET /" + std::string(limits.maxUriLength + 1, 'u') + " HTTP/1.1\r\n\r\n").status);
	}

	void testBodyLimitAnswers413()
	{
		ServerLimits limits;
		limits.maxRequestBody = 10;
		CPPUNIT_ASSERT_EQUAL(413, frame("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits).status);
		CPPUNIT_ASSERT_EQUAL(413, frame("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\nabcdef\r\n0\r\n\r\n", limits).status);
		CPPUNIT_ASSERT(frame("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789", limits).result == RequestFramer::Result::COMPLETE);
	}

	void testUnknownVersionAnswers505()
	{
		CPPUNIT_ASSERT_EQUAL(505, frame("GET / HTTP/2.0\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("GET / FTP/1.1\r\n\r\n").status);
		CPPUNIT_ASSERT_EQUAL(400, frame("GET  / HTTP/1.1\r\n\r\n").status);
	}

	void testPipelinedAnswersInOrder()
	{
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\n\r\n");
		std::string answers = readResponses(socket, 3);
		std::size_t a = answers.find("GET /slow");
		std::size_t b = answers.find("POST /b abc");
		std::size_t c = answers.find("GET /c");
		CPPUNIT_ASSERT(a != std::string::npos && b != std::string::npos && c != std::string::npos);
		CPPUNIT_ASSERT(a < b && b < c);
	}

	void testKeepAliveRules()
	{
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "GET /1 HTTP/1.1\r\n\r\n");
		CPPUNIT_ASSERT(contains(readResponses(socket, 1), "GET /1"));
		sendAll(socket, "GET /2 HTTP/1.1\r\nConnection: close\r\n\r\n");
		std::string rest = readUntilClosed(socket);
		CPPUNIT_ASSERT(contains(rest, "GET /2"));
		CPPUNIT_ASSERT(containsNoCase(rest, "Connection: close"));
		CPPUNIT_ASSERT(!contains(rest, "<timeout>"));

		Poco::Net::StreamSocket old = server.connect();
		sendAll(old, "GET /3 HTTP/1.0\r\n\r\n");
		std::string answer = readUntilClosed(old);
		CPPUNIT_ASSERT(contains(answer, "HTTP/1.0 200"));
		CPPUNIT_ASSERT(!contains(answer, "<timeout>"));
	}

	void testSmugglingAnswer400AndClose()
	{
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 40\r\n\r\nhelloGET /hidden HTTP/1.1\r\n\r\n");
		std::string answer = readUntilClosed(socket);
		CPPUNIT_ASSERT(contains(answer, "HTTP/1.1 400"));
		CPPUNIT_ASSERT(contains(answer, "application/problem+json"));
		CPPUNIT_ASSERT(!contains(answer, "/hidden"));
		CPPUNIT_ASSERT(!contains(answer, "<timeout>"));
	}

	void testBothHeadersServedThenClosed()
	{
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "POST /x HTTP/1.1\r\nContent-Length: 30\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hidden HTTP/1.1\r\n\r\n");
		std::string answer = readUntilClosed(socket);
		CPPUNIT_ASSERT(contains(answer, "POST /x"));
		CPPUNIT_ASSERT(containsNoCase(answer, "Connection: close"));
		CPPUNIT_ASSERT(!contains(answer, "GET /hidden"));
		CPPUNIT_ASSERT(!contains(answer, "<timeout>"));
	}

	void testHeaderTimeoutAnswers408()
	{
		ServerLimits limits;
		limits.requestHeaderTimeoutMs = 300;
		Server server(limits);
		Poco::Net::StreamSocket socket = server.connect();
		auto started = std::chrono::steady_clock::now();
		sendAll(socket, "GET / HTTP/1.1\r\nX-Slow: ");
		Poco::Thread::sleep(150);
		sendAll(socket, "a"); // trickling bytes does not extend the deadline
		std::string answer = readUntilClosed(socket);
		double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
		CPPUNIT_ASSERT(contains(answer, "HTTP/1.1 408"));
		CPPUNIT_ASSERT(seconds < 1.5);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), server.server().stats().refused[AuthServer::Http::ConnectionStats::HEADER_TIMEOUT].load());
	}

	void testIdleKeepAliveClosed()
	{
		ServerLimits limits;
		limits.keepAliveTimeoutMs = 300;
		Server server(limits);
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "GET /1 HTTP/1.1\r\n\r\n");
		readResponses(socket, 1);
		auto started = std::chrono::steady_clock::now();
		std::string rest = readUntilClosed(socket);
		double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
		CPPUNIT_ASSERT_EQUAL(std::string(""), rest);
		CPPUNIT_ASSERT(seconds < 1.5);
	}

	void testMaxConnectionsPerIp()
	{
		ServerLimits limits;
		limits.maxConnectionsPerIp = 2;
		Server server(limits);
		Poco::Net::StreamSocket a = server.connect();
		Poco::Net::StreamSocket b = server.connect();
		Poco::Thread::sleep(100);
		Poco::Net::StreamSocket c = server.connect();
		std::string refused = readUntilClosed(c);
		CPPUNIT_ASSERT(contains(refused, "HTTP/1.1 503"));
		sendAll(a, "GET /still HTTP/1.1\r\n\r\n");
		CPPUNIT_ASSERT(contains(readResponses(a, 1), "GET /still"));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), server.server().stats().refused[AuthServer::Http::ConnectionStats::MAX_CONNECTIONS_PER_IP].load());
		b.close();
		Poco::Thread::sleep(200);
		Poco::Net::StreamSocket d = server.connect();
		sendAll(d, "GET /again HTTP/1.1\r\n\r\n");
		CPPUNIT_ASSERT(contains(readResponses(d, 1), "GET /again"));
	}

	void testMaxConnections()
	{
		ServerLimits limits;
		limits.maxConnections = 1;
		Server server(limits);
		Poco::Net::StreamSocket a = server.connect();
		Poco::Thread::sleep(100);
		Poco::Net::StreamSocket b = server.connect();
		CPPUNIT_ASSERT(contains(readUntilClosed(b), "HTTP/1.1 503"));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), server.server().stats().open.load());
	}

	void testQueueFullAnswers503()
	{
		ServerLimits limits;
		limits.workerThreads = 1;
		limits.maxQueuedRequests = 1;
		Server server(limits);
		std::vector<Poco::Net::StreamSocket> sockets;
		for (int i = 0; i < 4; ++i)
		{
			sockets.push_back(server.connect());
			sendAll(sockets.back(), "GET /slow HTTP/1.1\r\n\r\n");
		}
		int busy = 0;
		int served = 0;
		for (auto& socket: sockets)
		{
			std::string answer = readResponses(socket, 1);
			if (contains(answer, "HTTP/1.1 503") && contains(answer, "Retry-After: 1")) ++busy;
			if (contains(answer, "HTTP/1.1 200")) ++served;
		}
		// One runs, at most one waits, the rest are refused at once.
		CPPUNIT_ASSERT(busy >= 2);
		CPPUNIT_ASSERT(served >= 1);
		CPPUNIT_ASSERT_EQUAL(4, busy + served);
	}

	void testTooLargeHeaderBlockAnswers431Problem()
	{
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		std::string request = "GET / HTTP/1.1\r\n";
		for (int i = 0; i < 20; ++i) request += "X-Pad-" + std::to_string(i) + ": " + std::string(4000, 'p') + "\r\n";
		request += "\r\n";
		sendAll(socket, request);
		std::string answer = readUntilClosed(socket);
		CPPUNIT_ASSERT(contains(answer, "HTTP/1.1 431"));
		CPPUNIT_ASSERT(contains(answer, "\"code\":\"request_header_fields_too_large\""));
	}

	void testStopClosesIdleAndFinishesInFlight()
	{
		std::unique_ptr<Server> pServer(new Server(ServerLimits()));
		std::vector<Poco::Net::StreamSocket> idle;
		for (int i = 0; i < 50; ++i) idle.push_back(pServer->connect());
		Poco::Net::StreamSocket busy = pServer->connect();
		sendAll(busy, "GET /slow HTTP/1.1\r\n\r\n");
		Poco::Thread::sleep(100);
		auto started = std::chrono::steady_clock::now();
		pServer.reset();
		double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
		CPPUNIT_ASSERT(seconds < 1.0);
		std::string answer = readUntilClosed(busy);
		CPPUNIT_ASSERT(contains(answer, "GET /slow"));
		CPPUNIT_ASSERT(containsNoCase(answer, "Connection: close"));
		CPPUNIT_ASSERT_EQUAL(std::string(""), readUntilClosed(idle.front()));
	}

	void testHalfClosedClientStillGetsItsAnswer()
	{
		// A client may shut its sending side after the request (RFC 9112
		// §9.6): the answer still comes, then the close.
		Server server{ServerLimits()};
		Poco::Net::StreamSocket socket = server.connect();
		sendAll(socket, "GET /slow HTTP/1.1\r\n\r\n");
		socket.shutdownSend();
		std::string answer = readUntilClosed(socket);
		CPPUNIT_ASSERT(contains(answer, "GET /slow"));
		CPPUNIT_ASSERT(!contains(answer, "<timeout>"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(ReactorServerTest);
