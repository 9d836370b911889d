//
// ConnectionProblemHandler.cpp
//


#include "AuthServer/Http/ConnectionProblemHandler.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/HTTPResponse.h"
#include <sstream>


namespace AuthServer {
namespace Http {


ConnectionProblemHandler::ConnectionProblemHandler(const ServerContext& server, int status, const std::string& code, const std::string& detail):
	ApiHandler(server, RouteMatch()),
	_status(status),
	_code(code),
	_detail(detail)
{
}


void ConnectionProblemHandler::handle(Exchange& exchange)
{
	if (_status == 413)
	{
		exchange.sendProblem(Core::Problem::PayloadTooLarge, _detail);
		return;
	}
	if (_status == 503)
	{
		exchange.sendProblem(Core::AuthException(Core::Problem::ServiceUnavailable, _detail).setRetryAfter(1));
		return;
	}
	Poco::JSON::Object body;
	body.set("type", "https://authserver.dev/problems/" + _code);
	body.set("title", Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(_status)));
	body.set("status", _status);
	body.set("detail", _detail);
	body.set("code", _code);
	std::ostringstream out;
	body.stringify(out);
	exchange.response().setKeepAlive(false);
	exchange.sendBody(_status, "application/problem+json; charset=utf-8", out.str());
}


} } // namespace AuthServer::Http
