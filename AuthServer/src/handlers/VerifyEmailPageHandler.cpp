//
// VerifyEmailPageHandler.cpp
//


#include "VerifyEmailPageHandler.h"
#include "AuthServer/Identity/IdentityModule.h"


namespace AuthServer {
namespace Http {


VerifyEmailPageHandler::VerifyEmailPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot):
	AccountPageHandler(server, match, atRoot, "/verify-email")
{
}


std::string VerifyEmailPageHandler::form(const AccountPages& pages, const std::string& token) const
{
	return pages.verifyForm(token);
}


void VerifyEmailPageHandler::submit(Exchange& exchange, const AccountPages& pages, const std::string& token, const Poco::Net::NameValueCollection&)
{
	try
	{
		server().identity().registration().verifyByToken(token, exchange.context());
	}
	catch (Core::AuthException& exc)
	{
		bool badLink = exc.problem() == Core::Problem::InvalidToken || exc.problem() == Core::Problem::TokenExpired;
		exchange.sendBody(exc.status(), HTML, pages.result(badLink ? "verify_failed" : "failed", false, badLink ? std::string() : exc.message()));
		return;
	}
	exchange.sendBody(200, HTML, pages.result("verify_done", true));
}


} } // namespace AuthServer::Http
