//
// HttpTest.cpp
//
// The HTTP layer in process: a real Poco HTTPServer on port 0 in front of
// the identity services (STYLE.md §9, POCO's HTTPServerTest).
//


#include "IdentityFixture.h"
#include "AuthServer/Http/ApiHandler.h"
#include "AuthServer/Http/EnvironmentConfiguration.h"
#include "AuthServer/Http/Metrics.h"
#include "AuthServer/Http/RequestHandlerFactory.h"
#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Http/ServerContext.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/HTTPClientSession.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/HTTPResponse.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/StreamCopier.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>


using namespace AuthServer;
using Poco::Net::HTTPRequest;
using Poco::Net::HTTPResponse;


namespace
{
	struct Answer
	{
		int status = 0;
		std::string body;
		HTTPResponse response;

		Poco::JSON::Object::Ptr json() const
		{
			Poco::JSON::Parser parser;
			return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
		}
	};

	class Server
	{
	public:
		Server():
			_socket(0)
		{
			_pContext.reset(new Http::ServerContext(_fixture.module(), _fixture.database(), _fixture.cache(), _fixture.tokens(), 65536, {}));
			Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
			_pServer.reset(new Poco::Net::HTTPServer(new Http::RequestHandlerFactory(*_pContext, Http::RouteTable::routes()), _socket, params));
			_pServer->start();
		}

		~Server()
		{
			_pServer->stopAll(true);
		}

		Answer call(const std::string& method, const std::string& path, const std::string& body = "", const std::string& contentType = "application/json", const std::map<std::string, std::string>& headers = {})
		{
			Poco::Net::HTTPClientSession session("127.0.0.1", _socket.address().port());
			HTTPRequest request(method, path, HTTPRequest::HTTP_1_1);
			for (const auto& h: headers) request.set(h.first, h.second);
			if (!body.empty())
			{
				request.setContentType(contentType);
				request.setContentLength(static_cast<std::streamsize>(body.size()));
			}
			session.sendRequest(request) << body;
			Answer answer;
			std::istream& in = session.receiveResponse(answer.response);
			Poco::StreamCopier::copyToString(in, answer.body);
			answer.status = answer.response.getStatus();
			return answer;
		}

		Poco::UInt16 port() const
		{
			return _socket.address().port();
		}

		IdentityFixture& fixture()
		{
			return _fixture;
		}

	private:
		IdentityFixture _fixture;
		Poco::Net::ServerSocket _socket;
		std::unique_ptr<Http::ServerContext> _pContext;
		std::unique_ptr<Poco::Net::HTTPServer> _pServer;
	};
}


class HttpTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HttpTest);
	CPPUNIT_TEST(testHealthWithAndWithoutSlash);
	CPPUNIT_TEST(testUnknownPathIs404Problem);
	CPPUNIT_TEST(testWrongMethodIs405WithAllow);
	CPPUNIT_TEST(testSecurityHeadersAndRequestId);
	CPPUNIT_TEST(testBodyErrors);
	CPPUNIT_TEST(testMissingAndBadBearer);
	CPPUNIT_TEST(testRegisterVerifyLoginProfileFlow);
	CPPUNIT_TEST(testProfileRefusesImmutableFields);
	CPPUNIT_TEST(testValidationErrorsNameFields);
	CPPUNIT_TEST(testUnreadBodyDoesNotPoisonKeepAlive);
	CPPUNIT_TEST(testNormalizePath);
	CPPUNIT_TEST(testEscapeForLog);
	CPPUNIT_TEST(testEnvironmentLayer);
	CPPUNIT_TEST(testMetricsLabelsAndHistogram);
	CPPUNIT_TEST(testMetricsEndpointCountsRequests);
	CPPUNIT_TEST_SUITE_END();

public:
	void testHealthWithAndWithoutSlash()
	{
		Server s;
		Answer a = s.call("GET", "/health");
		CPPUNIT_ASSERT_EQUAL(200, a.status);
		CPPUNIT_ASSERT_EQUAL(std::string("ok"), a.json()->getValue<std::string>("status"));
		CPPUNIT_ASSERT_EQUAL(200, s.call("GET", "/health/").status);
		CPPUNIT_ASSERT_EQUAL(200, s.call("GET", "/health?x=1").status);
	}

	void testUnknownPathIs404Problem()
	{
		Server s;
		Answer a = s.call("GET", "/api/nope");
		CPPUNIT_ASSERT_EQUAL(404, a.status);
		CPPUNIT_ASSERT(a.response.getContentType().find("application/problem+json") == 0);
		CPPUNIT_ASSERT_EQUAL(std::string("not_found"), a.json()->getValue<std::string>("code"));
		CPPUNIT_ASSERT_EQUAL(404, a.json()->getValue<int>("status"));
		CPPUNIT_ASSERT(a.json()->has("type") && a.json()->has("title") && a.json()->has("detail"));
	}

	void testWrongMethodIs405WithAllow()
	{
		Server s;
		Answer a = s.call("GET", "/api/auth/login/");
		CPPUNIT_ASSERT_EQUAL(405, a.status);
		CPPUNIT_ASSERT_EQUAL(std::string("POST"), a.response.get("Allow"));
		Answer b = s.call("DELETE", "/api/auth/profile");
		CPPUNIT_ASSERT_EQUAL(405, b.status);
		CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD, PATCH, PUT"), b.response.get("Allow"));
		// Issue 17 finding 12, RFC 9110 §9.3.2: HEAD is answered as GET.
		Answer c = s.call("HEAD", "/health");
		CPPUNIT_ASSERT_EQUAL(200, c.status);
	}

	void testSecurityHeadersAndRequestId()
	{
		Server s;
		Answer a = s.call("GET", "/health", "", "", {{"X-Request-Id", "abc-123.x_y"}});
		CPPUNIT_ASSERT_EQUAL(std::string("abc-123.x_y"), a.response.get("X-Request-Id"));
		CPPUNIT_ASSERT_EQUAL(std::string("nosniff"), a.response.get("X-Content-Type-Options"));
		CPPUNIT_ASSERT_EQUAL(std::string("DENY"), a.response.get("X-Frame-Options"));
		CPPUNIT_ASSERT_EQUAL(std::string("no-referrer"), a.response.get("Referrer-Policy"));
		CPPUNIT_ASSERT_EQUAL(std::string("default-src 'none'; frame-ancestors 'none'"), a.response.get("Content-Security-Policy"));
		CPPUNIT_ASSERT(!a.response.has("Server"));
		Answer b = s.call("GET", "/nope", "", "", {{"X-Request-Id", "bad id!"}});
		CPPUNIT_ASSERT(b.response.get("X-Request-Id") != "bad id!");
		CPPUNIT_ASSERT(Http::ApiHandler::isValidRequestId(b.response.get("X-Request-Id")));
	}

	void testBodyErrors()
	{
		Server s;
		CPPUNIT_ASSERT_EQUAL(std::string("invalid_json"), s.call("POST", "/api/auth/login", "{not json").json()->getValue<std::string>("code"));
		CPPUNIT_ASSERT_EQUAL(std::string("invalid_json"), s.call("POST", "/api/auth/login", "[1,2]").json()->getValue<std::string>("code"));
		Answer deep = s.call("POST", "/api/auth/login", std::string(5000, '[') + std::string(5000, ']'));
		CPPUNIT_ASSERT_EQUAL(400, deep.status);
		Answer media = s.call("POST", "/api/auth/login", "email=a", "application/x-www-form-urlencoded");
		CPPUNIT_ASSERT_EQUAL(415, media.status);
		CPPUNIT_ASSERT_EQUAL(std::string("unsupported_media_type"), media.json()->getValue<std::string>("code"));
		Answer big = s.call("POST", "/api/auth/login", "{\"email\":\"" + std::string(70000, 'a') + "\"}");
		CPPUNIT_ASSERT_EQUAL(413, big.status);
		Answer types = s.call("POST", "/api/auth/login", "{\"email\": 5, \"password\": []}");
		CPPUNIT_ASSERT_EQUAL(400, types.status);
		Poco::JSON::Object::Ptr p = types.json();
		CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), p->getValue<std::string>("code"));
		CPPUNIT_ASSERT(p->getObject("errors")->has("email"));
		CPPUNIT_ASSERT(p->getObject("errors")->has("password"));
		CPPUNIT_ASSERT_EQUAL(400, s.call("POST", "/api/auth/login", "").status); // empty body = {} -> fields required
	}

	void testMissingAndBadBearer()
	{
		Server s;
		Answer missing = s.call("GET", "/api/auth/profile");
		CPPUNIT_ASSERT_EQUAL(401, missing.status);
		CPPUNIT_ASSERT_EQUAL(std::string("Bearer realm=\"authserver\""), missing.response.get("WWW-Authenticate"));
		Answer bad = s.call("GET", "/api/auth/profile", "", "", {{"Authorization", "Bearer abc.def.ghi"}});
		CPPUNIT_ASSERT_EQUAL(401, bad.status);
		CPPUNIT_ASSERT(bad.response.get("WWW-Authenticate").find("error=\"invalid_token\"") != std::string::npos);
		CPPUNIT_ASSERT_EQUAL(std::string("invalid_token"), bad.json()->getValue<std::string>("code"));
	}

	void testRegisterVerifyLoginProfileFlow()
	{
		Server s;
		Answer reg = s.call("POST", "/api/auth/register/", "{\"email\":\"Flow@Example.com\",\"password\":\"violet tuba 42\",\"password_confirm\":\"violet tuba 42\",\"full_name\":\"Flo\"}");
		CPPUNIT_ASSERT_EQUAL(201, reg.status);
		Poco::JSON::Object::Ptr user = reg.json()->getObject("user");
		CPPUNIT_ASSERT_EQUAL(std::string("flow@example.com"), user->getValue<std::string>("email"));
		CPPUNIT_ASSERT(user->isNull("phone_number"));
		CPPUNIT_ASSERT(!user->has("password") && !user->has("password_hash"));
		CPPUNIT_ASSERT_EQUAL(403, s.call("POST", "/api/auth/login", "{\"email\":\"flow@example.com\",\"password\":\"violet tuba 42\"}").status);
		std::string token = s.fixture().mailedToken("flow@example.com");
		CPPUNIT_ASSERT_EQUAL(200, s.call("POST", "/api/auth/verify-email", "{\"token\":\"" + token + "\"}").status);
		CPPUNIT_ASSERT_EQUAL(400, s.call("POST", "/api/auth/verify-email", "{\"token\":\"" + token + "\"}").status);
		Answer login = s.call("POST", "/api/auth/login", "{\"email\":\"flow@example.com\",\"password\":\"violet tuba 42\"}");
		CPPUNIT_ASSERT_EQUAL(200, login.status);
		CPPUNIT_ASSERT_EQUAL(std::string("no-store"), login.response.get("Cache-Control"));
		Poco::JSON::Object::Ptr tokens = login.json();
		CPPUNIT_ASSERT_EQUAL(std::string("Bearer"), tokens->getValue<std::string>("token_type"));
		CPPUNIT_ASSERT_EQUAL(900, tokens->getValue<int>("expires_in"));
		std::string access = tokens->getValue<std::string>("access_token");
		Answer profile = s.call("GET", "/api/auth/profile/", "", "", {{"Authorization", "Bearer " + access}});
		CPPUNIT_ASSERT_EQUAL(200, profile.status);
		CPPUNIT_ASSERT(profile.json()->getValue<bool>("email_verified"));
		Answer patch = s.call("PATCH", "/api/auth/profile", "{\"bio\":\"hi\",\"birth_date\":null}", "application/json", {{"Authorization", "Bearer " + access}});
		CPPUNIT_ASSERT_EQUAL(200, patch.status);
		CPPUNIT_ASSERT_EQUAL(std::string("hi"), patch.json()->getValue<std::string>("bio"));
		Answer logout = s.call("POST", "/api/auth/logout", "", "", {{"Authorization", "Bearer " + access}});
		CPPUNIT_ASSERT_EQUAL(204, logout.status);
		CPPUNIT_ASSERT_EQUAL(401, s.call("GET", "/api/auth/profile", "", "", {{"Authorization", "Bearer " + access}}).status);
	}

	void testProfileRefusesImmutableFields()
	{
		Server s;
		s.fixture().registerVerified("imm@example.com");
		std::string access = s.fixture().module().authentication().login("imm@example.com", "correct horse battery", s.fixture().context).accessToken;
		for (const char* body: {"{\"role\":\"admin\"}", "{\"is_active\":false}", "{\"email\":\"x@example.com\"}", "{\"password\":\"x\"}", "{\"shoe_size\":44}", "{\"bio\":5}"})
		{
			Answer a = s.call("PUT", "/api/auth/profile", body, "application/json", {{"Authorization", "Bearer " + access}});
			CPPUNIT_ASSERT_EQUAL_MESSAGE(body, 400, a.status);
			CPPUNIT_ASSERT_EQUAL(std::string("validation_error"), a.json()->getValue<std::string>("code"));
		}
		CPPUNIT_ASSERT_EQUAL(std::string("user"), s.fixture().module().users().findByEmail("imm@example.com")->role);
	}

	void testValidationErrorsNameFields()
	{
		Server s;
		Answer a = s.call("POST", "/api/auth/register", "{\"email\":\"bad\",\"role\":\"admin\"}");
		CPPUNIT_ASSERT_EQUAL(400, a.status);
		Poco::JSON::Object::Ptr errors = a.json()->getObject("errors");
		CPPUNIT_ASSERT(errors->has("email") && errors->has("role") && errors->has("full_name"));
	}

	void testUnreadBodyDoesNotPoisonKeepAlive()
	{
		// A request refused before its body is read (401 here) must not
		// leave the body on the connection for the next request to trip on.
		Server s;
		Poco::Net::HTTPClientSession session("127.0.0.1", s.port());
		session.setKeepAlive(true);
		std::string body = "{\"refresh_token\":\"" + std::string(300, 'x') + "\"}";
		HTTPRequest logout(HTTPRequest::HTTP_POST, "/api/auth/logout", HTTPRequest::HTTP_1_1);
		logout.setContentType("application/json");
		logout.setContentLength(static_cast<std::streamsize>(body.size()));
		logout.setKeepAlive(true);
		session.sendRequest(logout) << body;
		HTTPResponse first;
		std::string ignored;
		Poco::StreamCopier::copyToString(session.receiveResponse(first), ignored);
		CPPUNIT_ASSERT_EQUAL(401, static_cast<int>(first.getStatus()));
		HTTPRequest health(HTTPRequest::HTTP_GET, "/health", HTTPRequest::HTTP_1_1);
		health.setKeepAlive(true);
		session.sendRequest(health);
		HTTPResponse second;
		Poco::StreamCopier::copyToString(session.receiveResponse(second), ignored);
		CPPUNIT_ASSERT_EQUAL(200, static_cast<int>(second.getStatus()));
	}

	void testNormalizePath()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("/api/auth/login"), Http::RequestHandlerFactory::normalizePath("/api/auth/login/?next=1"));
		CPPUNIT_ASSERT_EQUAL(std::string("/"), Http::RequestHandlerFactory::normalizePath("/"));
		CPPUNIT_ASSERT_EQUAL(std::string("/health"), Http::RequestHandlerFactory::normalizePath("/health#x"));
	}

	void testEscapeForLog()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("a\\x0d\\x0aINFO fake"), Http::ApiHandler::escapeForLog("a\r\nINFO fake"));
		CPPUNIT_ASSERT_EQUAL(std::string("tab\\x09\\x5c"), Http::ApiHandler::escapeForLog("tab\t\\"));
	}

	static const Http::Route* findRoute(const std::string& method, const std::string& pattern)
	{
		for (const Http::Route& route: Http::RouteTable::routes())
			if (route.method == method && route.pattern == pattern) return &route;
		return nullptr;
	}

	static bool contains(const std::string& text, const std::string& line)
	{
		return text.find(line + "\n") != std::string::npos;
	}

	void testMetricsLabelsAndHistogram()
	{
		Http::Metrics metrics(Http::RouteTable::routes());
		const Http::Route* pProfile = findRoute("GET", "/api/auth/profile");
		const Http::Route* pLogin = findRoute("POST", "/api/auth/login");
		CPPUNIT_ASSERT(pProfile && pLogin);
		metrics.record(pProfile, "GET", 200, 0.003);
		metrics.record(pProfile, "GET", 200, 0.2);
		metrics.record(pProfile, "GET", 401, 0.0001);
		metrics.record(nullptr, "GET", 404, 0.0001);
		metrics.record(nullptr, "BREW", 404, 0.0001);
		metrics.record(pLogin, "POST", 401, 0.05);
		metrics.record(pLogin, "POST", 423, 0.05);
		metrics.record(pLogin, "POST", 200, 0.05);
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(2), metrics.requests("/api/auth/profile", "GET", 200));
		CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), metrics.requests("unmatched", "other", 404));
		std::string text = metrics.render();
		CPPUNIT_ASSERT(contains(text, "# TYPE authserver_http_requests_total counter"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_requests_total{route=\"/api/auth/profile\",method=\"GET\",status=\"200\"} 2"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_requests_total{route=\"/api/auth/profile\",method=\"GET\",status=\"401\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_requests_total{route=\"unmatched\",method=\"other\",status=\"404\"} 1"));
		CPPUNIT_ASSERT(text.find("BREW") == std::string::npos);
		// Cumulative buckets: 0.0001 and 0.003 are <= 0.005, 0.2 only from 0.25.
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_bucket{route=\"/api/auth/profile\",le=\"0.001\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_bucket{route=\"/api/auth/profile\",le=\"0.005\"} 2"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_bucket{route=\"/api/auth/profile\",le=\"0.1\"} 2"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_bucket{route=\"/api/auth/profile\",le=\"0.25\"} 3"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_bucket{route=\"/api/auth/profile\",le=\"+Inf\"} 3"));
		CPPUNIT_ASSERT(contains(text, "authserver_http_request_duration_seconds_count{route=\"/api/auth/profile\"} 3"));
		CPPUNIT_ASSERT(contains(text, "authserver_logins_total{outcome=\"success\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_logins_total{outcome=\"invalid_credentials\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_logins_total{outcome=\"locked\"} 1"));
		CPPUNIT_ASSERT(contains(text, "authserver_logins_total{outcome=\"rate_limited\"} 0"));
		CPPUNIT_ASSERT(contains(text, "authserver_messages_total{channel=\"email\",result=\"sent\"} 0"));
	}

	void testMetricsEndpointCountsRequests()
	{
		Server s;
		CPPUNIT_ASSERT_EQUAL(200, s.call("GET", "/health/").status);
		CPPUNIT_ASSERT_EQUAL(404, s.call("GET", "/api/secret-path-xyz").status);
		Answer a = s.call("GET", "/metrics");
		CPPUNIT_ASSERT_EQUAL(200, a.status);
		CPPUNIT_ASSERT(a.response.getContentType().find("text/plain; version=0.0.4") == 0);
		CPPUNIT_ASSERT(contains(a.body, "authserver_http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 1"));
		CPPUNIT_ASSERT(contains(a.body, "authserver_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"));
		CPPUNIT_ASSERT(a.body.find("secret-path-xyz") == std::string::npos);
	}

	void testEnvironmentLayer()
	{
		std::vector<std::string> unknown;
		auto layer = Http::EnvironmentConfiguration::fromEnvironment({"jwt.secret", "jwt.accessTokenLifetime", "http.port"},
			{"AUTHSERVER_JWT_SECRET=s3cr3t", "authserver_jwt_accesstokenlifetime=60", "AUTHSERVER_JWT_SECRTE=typo", "PATH=/bin"}, unknown);
		CPPUNIT_ASSERT_EQUAL(std::string("s3cr3t"), layer->getString("jwt.secret"));
		CPPUNIT_ASSERT_EQUAL(std::string("60"), layer->getString("jwt.accessTokenLifetime"));
		CPPUNIT_ASSERT(!layer->has("http.port"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), unknown.size());
		CPPUNIT_ASSERT_EQUAL(std::string("AUTHSERVER_JWT_ACCESSTOKENLIFETIME"), Http::EnvironmentConfiguration::variableName("jwt.accessTokenLifetime"));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(HttpTest);
