//
// TemplateRenderer.h
//
// Renders the mail templates of Templates/ with kainjow mustache.
//


#ifndef AuthServer_Mail_TemplateRenderer_INCLUDED
#define AuthServer_Mail_TemplateRenderer_INCLUDED


#include <map>
#include <string>


namespace AuthServer {
namespace Mail {


struct RenderedMail
	/// The three parts of a mail rendered from one template name.
{
	std::string subject;
	std::string text;
	std::string html;
};


class TemplateRenderer
	/// Loads `<name>.subject.mustache`, `<name>.txt.mustache` and
	/// `<name>.html.mustache` from a folder at construction and renders
	/// them with string values. In the HTML part every {{value}} is
	/// HTML-escaped (OWASP ASVS 5.3.1); the subject and text parts are not
	/// escaped, and CR/LF are removed from the subject (header injection).
{
public:
	using Values = std::map<std::string, std::string>;

	explicit TemplateRenderer(const std::string& directory);
		/// Reads every *.mustache file of directory. Throws
		/// Poco::FileNotFoundException for a missing folder.

	RenderedMail render(const std::string& name, const Values& values) const;
		/// Renders one template. Throws Poco::NotFoundException if any of
		/// its three files is missing, Poco::DataFormatException for a
		/// template syntax error.

	bool has(const std::string& name) const;
		/// Returns whether all three files of name were loaded.

private:
	std::string renderOne(const std::string& file, const Values& values, bool html) const;

	std::map<std::string, std::string> _sources;
};


} } // namespace AuthServer::Mail


#endif // AuthServer_Mail_TemplateRenderer_INCLUDED
