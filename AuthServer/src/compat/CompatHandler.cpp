//
// CompatHandler.cpp
//


#include "CompatHandler.h"
#include "CompatCall.h"
#include "AuthServer/Compat/DrfErrorShaper.h"
#include "AuthServer/Compat/FastApiErrorShaper.h"
#include "AuthServer/Http/JsonBody.h"
#include "Poco/Net/HTMLForm.h"
#include "Poco/Net/HTTPRequest.h"
#include "Poco/Net/MediaType.h"
#include "Poco/String.h"
#include <sstream>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Http {


CompatHandler::CompatHandler(const ServerContext& server, const RouteMatch& match, const CompatOperation& operation, const Compat::ProfileInfo& profile):
	ApiHandler(server, match),
	_operation(operation),
	_profile(profile)
{
}


Compat::CompatBody CompatHandler::readBody(Exchange& exchange)
{
	Poco::JSON::Object empty;
	std::string data = exchange.rawBody();
	// Pydantic v2's str takes strings only; DRF's CharField numbers too.
	Compat::CompatBody::Strings strings = _profile.style == Compat::Style::FastApi ? Compat::CompatBody::Strings::Pydantic : Compat::CompatBody::Strings::Drf;
	if (Poco::trim(data).empty()) return Compat::CompatBody::fromJson(empty, _operation.aliases, strings);
	std::string contentType = exchange.request().getContentType();
	bool form = false;
	try
	{
		Poco::Net::MediaType type(contentType);
		form = type.matches("application", "x-www-form-urlencoded") || type.matches("multipart", "form-data");
	}
	catch (Poco::Exception&)
	{
	}
	// Forms are DRF's parsers; FastAPI's JSON bodies take JSON only.
	if (!form || _profile.style != Compat::Style::Drf)
	{
		JsonBody body = JsonBody::parse(data, contentType, Exchange::MAX_JSON_DEPTH);
		return Compat::CompatBody::fromJson(body.object(), _operation.aliases, strings);
	}
	Poco::Net::HTMLForm fields;
	try
	{
		// Without a part handler HTMLForm drops file parts: text only. A
		// POST request of the same Content-Type stands in for the real one:
		// HTMLForm reads a body for POST and PUT only (PATCH too here), and
		// the query string is not part of DRF's request.data.
		Poco::Net::HTTPRequest post(Poco::Net::HTTPRequest::HTTP_POST, "/", Poco::Net::HTTPMessage::HTTP_1_1);
		post.setContentType(contentType);
		std::istringstream in(data);
		fields.load(post, in);
	}
	catch (Poco::Exception&)
	{
		throw Core::ValidationException(Compat::CompatBody::NON_FIELD_ERRORS, "The form could not be read.");
	}
	return Compat::CompatBody::fromForm(fields, _operation.aliases);
}


void CompatHandler::handle(Exchange& exchange)
{
	Compat::CompatBody body = readBody(exchange);
	_sentNames = body.sentNames();
	_given = body.given();
	CompatCall call(exchange, body, _profile.name);
	_operation.run(call);
}


void CompatHandler::sendError(Exchange& exchange, const AuthException& exception)
{
	Compat::ErrorContext context;
	context.authorization = exchange.request().get("Authorization", "");
	context.refreshRoute = _operation.refreshRoute;
	context.sentNames = _sentNames;
	context.given = _given;
	context.method = exchange.request().getMethod();
	context.contentType = exchange.request().getContentType();
	Compat::ShapedError shaped = _profile.style == Compat::Style::FastApi
		? Compat::FastApiErrorShaper::shape(exception, context)
		: Compat::DrfErrorShaper::shape(exception, context);
	for (const auto& header: shaped.headers) exchange.response().set(header.first, header.second);
	exchange.sendJson(shaped.status, *shaped.pBody);
}


} } // namespace AuthServer::Http
