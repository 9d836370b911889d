//
// DocsAssets.h
//
// The API document and the Swagger UI files, loaded once at start-up and
// served from memory.
//


#ifndef AuthServer_Http_DocsAssets_INCLUDED
#define AuthServer_Http_DocsAssets_INCLUDED


#include <map>
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class DocsAssets
	/// What GET /api/openapi.json and GET /api/docs[/{file}] answer (API.md,
	/// Endpoints): the OpenAPI document, the Swagger UI page and the files
	/// of npm's swagger-ui-dist it loads, read from the folder paths.docs
	/// (build/share/docs in a build tree, gathered by Docs/CMakeLists.txt).
	///
	/// Only the names of NAMES are ever read or served: a request names a
	/// file by a key of this allowlist, never by a path, so no path
	/// traversal can reach another file (OWASP ASVS 12.3.1). Everything is
	/// read once, when the server starts; requests touch no file.
{
public:
	struct Asset
	{
		std::string contentType;   /// Content-Type header value
		std::string body;          /// the file's bytes
	};

	static const std::vector<std::string>& NAMES;
		/// The served names: openapi.json, index.html (the page),
		/// swagger-initializer.js, and swagger-ui-dist's swagger-ui.css,
		/// swagger-ui-bundle.js, index.css, favicon-16x16.png,
		/// favicon-32x32.png.

	static const std::string DOCUMENT;
		/// "openapi.json", the name of the OpenAPI document.

	static const std::string PAGE;
		/// "index.html", the name of the Swagger UI page.

	DocsAssets() = default;
		/// Creates an empty set (every find() answers null).

	static DocsAssets load(const std::string& directory);
		/// Reads every name of NAMES from directory. Throws
		/// Poco::FileNotFoundException naming the first missing file, and
		/// Poco::DataFormatException when openapi.json is not a JSON object
		/// with an "openapi" version and "paths" (a broken document is a
		/// start-up error, not a broken page later).

	void keepProfiles(const std::vector<std::string>& profiles);
		/// Leaves out of openapi.json every operation whose
		/// x-compat-profile is not in profiles, paths left empty, and the
		/// compat-<profile> tags of the others (Docs/COMPAT.md: the served
		/// document shows the profiles that are on). Call before serving.

	const Asset* find(const std::string& name) const;
		/// Returns the asset called name, or null for a name that is not
		/// loaded (not in NAMES, or an empty set).

	static std::string contentType(const std::string& name);
		/// Returns the Content-Type for name by its extension: application/json,
		/// text/html, text/javascript, text/css (all charset=utf-8) or
		/// image/png; application/octet-stream otherwise.

private:
	std::map<std::string, Asset> _assets;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_DocsAssets_INCLUDED
