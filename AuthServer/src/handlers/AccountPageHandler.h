//
// AccountPageHandler.h
//
// What the hosted account pages share: the redirect to a front end, the
// page CSP, the token in the link, and the form post.
//


#ifndef AuthServer_Http_AccountPageHandler_INCLUDED
#define AuthServer_Http_AccountPageHandler_INCLUDED


#include "AuthServer/Http/AccountPages.h"
#include "AuthServer/Http/ApiHandler.h"
#include "Poco/Net/NameValueCollection.h"
#include <string>


namespace AuthServer {
namespace Http {


class AccountPageHandler: public ApiHandler
	/// Base of the hosted pages behind the links in mails (AccountPages).
	/// At the root path (atRoot: /verify-email, /reset-password) with
	/// app.frontendUrl set, answers 302 to the same path and query at the
	/// front end (links mailed before a front end was configured keep
	/// working). Otherwise GET ?token=T shows the subclass's form (400 "link
	/// incomplete" page without T; a GET never changes anything, since mail
	/// scanners fetch links), and a POST of an urlencoded form with the
	/// field token hands it to the subclass. Answers are text/html under
	/// AccountPages::PAGE_CSP; 404 problem when the pages are not loaded.
{
protected:
	AccountPageHandler(const ServerContext& server, const RouteMatch& match, bool atRoot, const std::string& path);
		/// path is the page's root path ("/verify-email"), used for the
		/// redirect to the front end.

	void handle(Exchange& exchange) final;

	virtual std::string form(const AccountPages& pages, const std::string& token) const = 0;
		/// Returns the page shown for GET ?token=token.

	virtual void submit(Exchange& exchange, const AccountPages& pages, const std::string& token, const Poco::Net::NameValueCollection& form) = 0;
		/// Handles the POSTed form (token not empty) and sends the result page.

	static const std::string HTML;
		/// "text/html; charset=utf-8".

private:
	bool _atRoot;
	std::string _path;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AccountPageHandler_INCLUDED
