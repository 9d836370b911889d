//
// AccountPages.cpp
//


#include "AuthServer/Http/AccountPages.h"
#include "Poco/AutoPtr.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include "Poco/Util/PropertyFileConfiguration.h"
#include <kainjow/mustache.hpp>


namespace AuthServer {
namespace Http {


const std::string AccountPages::PAGE_CSP =
	"default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const std::string AccountPages::TEMPLATE = "account_page.html.mustache";
const std::string AccountPages::TEXTS = "account_pages.properties";
const std::string AccountPages::STYLESHEET = "account.css";


namespace
{
	std::string readFile(const std::string& directory, const std::string& name)
	{
		Poco::Path path(Poco::Path::forDirectory(directory), name);
		if (!Poco::File(path).exists()) throw Poco::FileNotFoundException("hosted page file", path.toString());
		Poco::FileInputStream in(path.toString());
		std::string content;
		Poco::StreamCopier::copyToString(in, content);
		return content;
	}
}


AccountPages::AccountPages() = default;


AccountPages AccountPages::load(const std::string& templatesDirectory, const std::string& frontendUrl, const std::string& appName)
{
	AccountPages pages;
	pages._template = readFile(templatesDirectory, TEMPLATE);
	pages._stylesheet = readFile(templatesDirectory, STYLESHEET);
	readFile(templatesDirectory, TEXTS); // a clear error when it is missing
	Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> texts(new Poco::Util::PropertyFileConfiguration(
		Poco::Path(Poco::Path::forDirectory(templatesDirectory), TEXTS).toString()));
	Poco::Util::AbstractConfiguration::Keys keys;
	texts->keys(keys);
	for (const std::string& key: keys) pages._texts[key] = texts->getRawString(key);
	kainjow::mustache::mustache tmpl(pages._template);
	if (!tmpl.is_valid()) throw Poco::DataFormatException(TEMPLATE, tmpl.error_message());
	pages._frontendUrl = Poco::trim(frontendUrl);
	while (!pages._frontendUrl.empty() && pages._frontendUrl.back() == '/') pages._frontendUrl.pop_back();
	pages._servedAtRoot = pages._frontendUrl.empty();
	pages._appName = appName;
	pages._loaded = true;
	// Render every page once now, so a text the template needs but the
	// texts file lacks stops the start instead of a request.
	pages.verifyForm("t");
	pages.resetForm("t", {"e"});
	for (const char* prefix: {"verify_done", "verify_failed", "reset_done", "reset_failed", "link_incomplete", "failed"})
		pages.result(prefix, false, "d");
	return pages;
}


bool AccountPages::loaded() const
{
	return _loaded;
}


bool AccountPages::servedAtRoot() const
{
	return _servedAtRoot;
}


std::string AccountPages::frontendLocation(const std::string& pathAndQuery) const
{
	return _frontendUrl + pathAndQuery;
}


const std::string& AccountPages::text(const std::string& key) const
{
	auto it = _texts.find(key);
	if (it == _texts.end()) throw Poco::NotFoundException("hosted page text (" + TEXTS + ")", key);
	return it->second;
}


std::string AccountPages::render(const std::map<std::string, std::string>& values, const char* section, const std::vector<std::string>& errors) const
{
	if (!_loaded) throw Poco::IllegalStateException("hosted pages not loaded");
	kainjow::mustache::mustache tmpl(_template);
	kainjow::mustache::data data;
	for (const auto& kv: _texts) data.set(kv.first, kv.second);
	if (!_appName.empty()) data.set("app_name", _appName);
	for (const auto& kv: values) data.set(kv.first, kv.second);
	data.set(section, true);
	kainjow::mustache::data list(kainjow::mustache::data::type::list);
	for (const std::string& error: errors) list.push_back(kainjow::mustache::data("message", error));
	data.set("errors", list);
	data.set("has_errors", !errors.empty());
	std::string html = tmpl.render(data);
	if (!tmpl.is_valid()) throw Poco::DataFormatException(TEMPLATE, tmpl.error_message());
	return html;
}


std::string AccountPages::verifyForm(const std::string& token) const
{
	return render({{"title", text("verify_title")}, {"token", token}}, "verify_form", {});
}


std::string AccountPages::resetForm(const std::string& token, const std::vector<std::string>& errors) const
{
	return render({{"title", text("reset_title")}, {"token", token}}, "reset_form", errors);
}


std::string AccountPages::result(const std::string& textPrefix, bool success, const std::string& detail) const
{
	return render({{"title", text(textPrefix + "_title")}, {"message", text(textPrefix + "_text")}, {"detail", detail},
		{"outcome", success ? "success" : "failure"}}, "result", {});
}


const std::string& AccountPages::stylesheet() const
{
	return _stylesheet;
}


} } // namespace AuthServer::Http
