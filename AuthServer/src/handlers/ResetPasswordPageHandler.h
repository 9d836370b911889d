//
// ResetPasswordPageHandler.h
//


#ifndef AuthServer_Http_ResetPasswordPageHandler_INCLUDED
#define AuthServer_Http_ResetPasswordPageHandler_INCLUDED


#include "AccountPageHandler.h"


namespace AuthServer {
namespace Http {


class ResetPasswordPageHandler: public AccountPageHandler
	/// The hosted page behind the password reset link (AccountPages).
	/// GET /account/reset-password?token=T (and GET /reset-password?token=T
	/// when app.frontendUrl is empty; else a 302 to the same path and
	/// query at app.frontendUrl): a form for
	/// the new password, twice. POST /account/reset-password with the form
	/// fields token, new_password, new_password_confirm:
	/// PasswordResetService::reset; success: a result page (200); a
	/// refused password (mismatch, the password rules): the form again
	/// with the rules' messages (400; the token stays usable); a bad token:
	/// the "link does not work" page (400). text/html under
	/// AccountPages::PAGE_CSP, Cache-Control no-store.
{
public:
	ResetPasswordPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot);

protected:
	std::string form(const AccountPages& pages, const std::string& token) const override;
	void submit(Exchange& exchange, const AccountPages& pages, const std::string& token, const Poco::Net::NameValueCollection& form) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ResetPasswordPageHandler_INCLUDED
