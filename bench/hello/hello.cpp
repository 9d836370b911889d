//
// hello.cpp
//
// The ceiling of bench/run.sh: a bare POCO HTTPServer that answers every
// request with a fixed JSON body, no routing, no auth, no logging. What the
// machine and POCO's HTTP stack give at most on the same loopback.
//
//   hello PORT [THREADS]
//


#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/HTTPRequestHandlerFactory.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Util/ServerApplication.h"
#include <iostream>
#include <string>


namespace
{
	class HelloHandler: public Poco::Net::HTTPRequestHandler
		/// 200 {"status":"ok"} with Content-Length, keep-alive as the client asks.
	{
	public:
		void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override
		{
			static const std::string BODY = "{\"status\":\"ok\"}";
			request.stream().ignore(1 << 20);
			response.setContentType("application/json");
			response.setContentLength(static_cast<std::streamsize>(BODY.size()));
			response.sendBuffer(BODY.data(), BODY.size());
		}
	};

	class HelloFactory: public Poco::Net::HTTPRequestHandlerFactory
	{
	public:
		Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override
		{
			return new HelloHandler;
		}
	};

	class HelloServer: public Poco::Util::ServerApplication
	{
	protected:
		int main(const std::vector<std::string>& args) override
		{
			if (args.empty())
			{
				std::cerr << "usage: hello PORT [THREADS]" << std::endl;
				return 64;
			}
			int threads = args.size() > 1 ? std::stoi(args[1]) : 64;
			Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(std::stoi(args[0]))), 1024);
			Poco::Net::HTTPServerParams::Ptr pParams = new Poco::Net::HTTPServerParams;
			pParams->setMaxThreads(threads);
			pParams->setMaxQueued(1024);
			pParams->setKeepAlive(true);
			pParams->setMaxKeepAliveRequests(0);
			Poco::ThreadPool pool("hello", std::min(threads, 16), threads);
			Poco::Net::HTTPServer server(new HelloFactory, pool, socket, pParams);
			server.start();
			std::cout << "hello listening on 127.0.0.1:" << socket.address().port() << " (" << threads << " threads)" << std::endl;
			waitForTerminationRequest();
			server.stopAll(true);
			pool.joinAll();
			return 0;
		}
	};
}


POCO_SERVER_MAIN(HelloServer)
