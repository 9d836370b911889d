//
// AccountPages.h
//
// The hosted pages behind the links in mails (verify an email address,
// reset a password) for operators without a web front end, loaded once at
// start-up and rendered from memory.
//


#ifndef AuthServer_Http_AccountPages_INCLUDED
#define AuthServer_Http_AccountPages_INCLUDED


#include <map>
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class AccountPages
	/// Renders the pages of GET/POST /account/verify-email and
	/// /account/reset-password (and of GET /verify-email and
	/// /reset-password when app.frontendUrl is empty, so the links in mails
	/// lead somewhere) from Templates/account_page.html.mustache (kainjow
	/// mustache, every value HTML-escaped), with every text from
	/// Templates/account_pages.properties (one file to translate), and
	/// serves Templates/account.css as their stylesheet. No script: the
	/// pages work under CSP default-src 'none' with style-src 'self' and
	/// form-action 'self' (PAGE_CSP).
{
public:
	static const std::string PAGE_CSP;
		/// The Content-Security-Policy of the pages.

	static const std::string TEMPLATE;
	static const std::string TEXTS;
	static const std::string STYLESHEET;
		/// The file names read from the templates folder.

	AccountPages();
		/// Empty: not loaded(); the page routes answer 404.

	static AccountPages load(const std::string& templatesDirectory, const std::string& frontendUrl, const std::string& appName);
		/// Reads TEMPLATE, TEXTS and STYLESHEET from templatesDirectory
		/// (paths.templates). With frontendUrl (app.frontendUrl) empty no
		/// front end is configured, so /verify-email and /reset-password
		/// are served too; else they redirect there. appName (app.name) is shown on every page. Throws Poco::FileNotFoundException for a missing
		/// file, Poco::DataFormatException for a template kainjow cannot
		/// parse, Poco::NotFoundException for a text the pages need that
		/// TEXTS lacks (every page is rendered once here).

	bool loaded() const;
	bool servedAtRoot() const;
		/// Returns whether app.frontendUrl is empty.

	std::string frontendLocation(const std::string& pathAndQuery) const;
		/// Returns app.frontendUrl (without a trailing slash) followed by
		/// pathAndQuery: where GET /verify-email and /reset-password send
		/// a link mailed before a front end was configured.

	std::string verifyForm(const std::string& token) const;
		/// The page with one button that POSTs token to
		/// /account/verify-email (a GET never verifies: mail scanners fetch
		/// links).

	std::string resetForm(const std::string& token, const std::vector<std::string>& errors) const;
		/// The form for the new password, twice, POSTed with token to
		/// /account/reset-password; errors (the password rules' messages of
		/// a refused attempt) are listed above it.

	std::string result(const std::string& textPrefix, bool success, const std::string& detail = std::string()) const;
		/// A result page with the texts <textPrefix>_title and
		/// <textPrefix>_text (e.g. "verify_done"), and detail below them
		/// when not empty.

	const std::string& stylesheet() const;
		/// The CSS of GET /account/style.css.

	const std::string& text(const std::string& key) const;
		/// Returns the text of key; throws Poco::NotFoundException.

private:
	std::string render(const std::map<std::string, std::string>& values, const char* section, const std::vector<std::string>& errors) const;

	bool _loaded = false;
	bool _servedAtRoot = false;
	std::string _appName;
	std::string _frontendUrl;
	std::string _template;
	std::string _stylesheet;
	std::map<std::string, std::string> _texts;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AccountPages_INCLUDED
