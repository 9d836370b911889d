//
// VerifyEmailPageHandler.h
//


#ifndef AuthServer_Http_VerifyEmailPageHandler_INCLUDED
#define AuthServer_Http_VerifyEmailPageHandler_INCLUDED


#include "AccountPageHandler.h"


namespace AuthServer {
namespace Http {


class VerifyEmailPageHandler: public AccountPageHandler
	/// The hosted page behind the verification link (AccountPages).
	/// GET /account/verify-email?token=T (and GET /verify-email?token=T
	/// when app.frontendUrl is empty; else a 302 to the same path and
	/// query at app.frontendUrl): a page
	/// with one button that POSTs T; the GET itself verifies nothing (mail
	/// scanners fetch links). POST /account/verify-email with the form
	/// field token: RegistrationService::verifyByToken, then a result page
	/// (200, or the problem's status with the "link does not work" page).
	/// text/html under AccountPages::PAGE_CSP, Cache-Control no-store.
{
public:
	VerifyEmailPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot);

protected:
	std::string form(const AccountPages& pages, const std::string& token) const override;
	void submit(Exchange& exchange, const AccountPages& pages, const std::string& token, const Poco::Net::NameValueCollection& form) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_VerifyEmailPageHandler_INCLUDED
