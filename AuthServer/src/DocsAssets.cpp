//
// DocsAssets.cpp
//


#include "AuthServer/Http/DocsAssets.h"
#include "Poco/JSON/Array.h"
#include <algorithm>
#include <sstream>
#include "Poco/Exception.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Path.h"
#include "Poco/StreamCopier.h"
#include "Poco/String.h"


namespace AuthServer {
namespace Http {


namespace
{
	const std::vector<std::string> ALLOWED =
	{
		"openapi.json",
		"index.html",
		"swagger-initializer.js",
		"swagger-ui.css",
		"swagger-ui-bundle.js",
		"index.css",
		"favicon-16x16.png",
		"favicon-32x32.png",
	};
}


const std::vector<std::string>& DocsAssets::NAMES = ALLOWED;
const std::string DocsAssets::DOCUMENT = "openapi.json";
const std::string DocsAssets::PAGE = "index.html";


std::string DocsAssets::contentType(const std::string& name)
{
	if (Poco::endsWith(name, std::string(".json"))) return "application/json; charset=utf-8";
	if (Poco::endsWith(name, std::string(".html"))) return "text/html; charset=utf-8";
	if (Poco::endsWith(name, std::string(".js"))) return "text/javascript; charset=utf-8";
	if (Poco::endsWith(name, std::string(".css"))) return "text/css; charset=utf-8";
	if (Poco::endsWith(name, std::string(".png"))) return "image/png";
	return "application/octet-stream";
}


DocsAssets DocsAssets::load(const std::string& directory)
{
	DocsAssets result;
	for (const std::string& name: ALLOWED)
	{
		Poco::Path path(Poco::Path::forDirectory(directory), name);
		if (!Poco::File(path).exists()) throw Poco::FileNotFoundException(path.toString());
		Poco::FileInputStream in(path.toString());
		Asset asset;
		asset.contentType = contentType(name);
		Poco::StreamCopier::copyToString(in, asset.body);
		result._assets[name] = std::move(asset);
	}
	const std::string& document = result._assets[DOCUMENT].body;
	try
	{
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr pRoot = parser.parse(document).extract<Poco::JSON::Object::Ptr>();
		if (!pRoot || !pRoot->has("openapi") || !pRoot->getObject("paths"))
			throw Poco::DataFormatException("not an OpenAPI document (no \"openapi\" or \"paths\")");
	}
	catch (Poco::DataFormatException&)
	{
		throw;
	}
	catch (Poco::Exception& exc)
	{
		throw Poco::DataFormatException(DOCUMENT + " is not a JSON object: " + exc.displayText());
	}
	return result;
}


void DocsAssets::keepProfiles(const std::vector<std::string>& profiles)
{
	auto it = _assets.find(DOCUMENT);
	if (it == _assets.end()) return;
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr pRoot = parser.parse(it->second.body).extract<Poco::JSON::Object::Ptr>();
	auto on = [&](const std::string& name) { return std::find(profiles.begin(), profiles.end(), name) != profiles.end(); };
	Poco::JSON::Object::Ptr pPaths = pRoot->getObject("paths");
	std::vector<std::string> emptied;
	for (const auto& path: *pPaths)
	{
		Poco::JSON::Object::Ptr pItem = pPaths->getObject(path.first);
		if (!pItem) continue;
		std::vector<std::string> off;
		for (const auto& operation: *pItem)
		{
			Poco::JSON::Object::Ptr pOperation = pItem->getObject(operation.first);
			if (pOperation && pOperation->has("x-compat-profile") && !on(pOperation->getValue<std::string>("x-compat-profile")))
				off.push_back(operation.first);
		}
		for (const std::string& method: off) pItem->remove(method);
		bool operations = false;
		for (const auto& member: *pItem)
			if (member.first != "parameters" && member.first != "summary" && member.first != "description") operations = true;
		if (!operations) emptied.push_back(path.first);
	}
	for (const std::string& path: emptied) pPaths->remove(path);
	Poco::JSON::Array::Ptr pTags = pRoot->getArray("tags");
	if (pTags)
	{
		Poco::JSON::Array::Ptr pKept = new Poco::JSON::Array;
		for (std::size_t i = 0; i < pTags->size(); ++i)
		{
			Poco::JSON::Object::Ptr pTag = pTags->getObject(i);
			std::string name = pTag ? pTag->optValue<std::string>("name", "") : "";
			if (name.compare(0, 7, "compat-") == 0 && !on(name.substr(7))) continue;
			pKept->add(pTags->get(i));
		}
		pRoot->set("tags", pKept);
	}
	std::ostringstream out;
	pRoot->stringify(out, 2);
	it->second.body = out.str();
}


const DocsAssets::Asset* DocsAssets::find(const std::string& name) const
{
	auto it = _assets.find(name);
	return it == _assets.end() ? nullptr : &it->second;
}


} } // namespace AuthServer::Http
