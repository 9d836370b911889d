//
// TemplateRenderer.cpp
//


#include "AuthServer/Mail/TemplateRenderer.h"
#include "Poco/DirectoryIterator.h"
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"
#include <kainjow/mustache.hpp>


namespace AuthServer {
namespace Mail {


TemplateRenderer::TemplateRenderer(const std::string& directory)
{
	Poco::File dir(directory);
	if (!dir.exists() || !dir.isDirectory()) throw Poco::FileNotFoundException("templates folder", directory);
	for (Poco::DirectoryIterator it(dir); it != Poco::DirectoryIterator(); ++it)
	{
		if (!Poco::endsWith(it.name(), std::string(".mustache"))) continue;
		Poco::FileInputStream in(it.path().toString());
		std::string source;
		Poco::StreamCopier::copyToString(in, source);
		_sources[it.name()] = source;
	}
}


bool TemplateRenderer::has(const std::string& name) const
{
	return _sources.count(name + ".subject.mustache") && _sources.count(name + ".txt.mustache") && _sources.count(name + ".html.mustache");
}


std::string TemplateRenderer::renderOne(const std::string& file, const Values& values, bool html) const
{
	auto it = _sources.find(file);
	if (it == _sources.end()) throw Poco::NotFoundException("mail template", file);
	kainjow::mustache::mustache tmpl(it->second);
	if (!tmpl.is_valid()) throw Poco::DataFormatException("mail template " + file, tmpl.error_message());
	if (!html) tmpl.set_custom_escape([](const std::string& s) { return s; });
	kainjow::mustache::data data;
	for (const auto& kv: values) data.set(kv.first, kv.second);
	return tmpl.render(data);
}


RenderedMail TemplateRenderer::render(const std::string& name, const Values& values) const
{
	RenderedMail mail;
	mail.subject = Poco::trim(renderOne(name + ".subject.mustache", values, false));
	Poco::replaceInPlace(mail.subject, std::string("\r"), std::string(" "));
	Poco::replaceInPlace(mail.subject, std::string("\n"), std::string(" "));
	mail.text = renderOne(name + ".txt.mustache", values, false);
	mail.html = renderOne(name + ".html.mustache", values, true);
	return mail;
}


} } // namespace AuthServer::Mail
