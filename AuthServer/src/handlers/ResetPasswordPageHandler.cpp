//
// ResetPasswordPageHandler.cpp
//


#include "ResetPasswordPageHandler.h"
#include "AuthServer/Identity/IdentityModule.h"


namespace AuthServer {
namespace Http {


ResetPasswordPageHandler::ResetPasswordPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot):
	AccountPageHandler(server, match, atRoot, "/reset-password")
{
}


std::string ResetPasswordPageHandler::form(const AccountPages& pages, const std::string& token) const
{
	return pages.resetForm(token, {});
}


void ResetPasswordPageHandler::submit(Exchange& exchange, const AccountPages& pages, const std::string& token, const Poco::Net::NameValueCollection& form)
{
	try
	{
		server().identity().passwordReset().reset(token, form.get("new_password", ""), form.get("new_password_confirm", ""), exchange.context());
	}
	catch (Core::ValidationException& exc)
	{
		// The password rules' messages (mismatch, weak_password, missing
		// field), shown above the form; the token stays usable.
		std::vector<std::string> messages;
		for (const auto& field: exc.errors())
			for (const std::string& message: field.second) messages.push_back(message);
		if (messages.empty()) messages.push_back(exc.message());
		exchange.sendBody(exc.status(), HTML, pages.resetForm(token, messages));
		return;
	}
	catch (Core::AuthException& exc)
	{
		bool badLink = exc.problem() == Core::Problem::InvalidToken || exc.problem() == Core::Problem::TokenExpired;
		exchange.sendBody(exc.status(), HTML, pages.result(badLink ? "reset_failed" : "failed", false, badLink ? std::string() : exc.message()));
		return;
	}
	exchange.sendBody(200, HTML, pages.result("reset_done", true));
}


} } // namespace AuthServer::Http
