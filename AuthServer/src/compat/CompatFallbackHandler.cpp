//
// CompatFallbackHandler.cpp
//


#include "CompatFallbackHandler.h"
#include "AuthServer/Compat/DrfErrorShaper.h"
#include "AuthServer/Compat/FastApiErrorShaper.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Http {


CompatFallbackHandler::CompatFallbackHandler(const ServerContext& server, const RouteMatch& match, const Compat::ProfileInfo& profile, const std::string& allow):
	ApiHandler(server, match),
	_profile(profile),
	_allow(allow)
{
}


void CompatFallbackHandler::handle(Exchange&)
{
	if (_allow.empty()) throw AuthException(Problem::NotFound, "No such endpoint.");
	throw AuthException(Problem::MethodNotAllowed, "Use one of: " + _allow + ".");
}


void CompatFallbackHandler::sendError(Exchange& exchange, const AuthException& exception)
{
	Compat::ErrorContext context;
	context.authorization = exchange.request().get("Authorization", "");
	context.method = exchange.request().getMethod();
	context.allow = _allow;
	context.contentType = exchange.request().getContentType();
	Compat::ShapedError shaped = _profile.style == Compat::Style::FastApi
		? Compat::FastApiErrorShaper::shape(exception, context)
		: Compat::DrfErrorShaper::shape(exception, context);
	for (const auto& header: shaped.headers) exchange.response().set(header.first, header.second);
	exchange.sendJson(shaped.status, *shaped.pBody);
}


} } // namespace AuthServer::Http
