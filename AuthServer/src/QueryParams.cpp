//
// QueryParams.cpp
//


#include "AuthServer/Http/QueryParams.h"
#include "Poco/Exception.h"
#include "Poco/NumberParser.h"
#include "Poco/URI.h"
#include <set>


namespace AuthServer {
namespace Http {


QueryParams::QueryParams(const std::string& uri)
{
	try
	{
		_params = Poco::URI(uri).getQueryParameters();
	}
	catch (Poco::SyntaxException&)
	{
		throw Core::ValidationException("query", "The query string is malformed.");
	}
	// HTTP parameter pollution (OWASP ASVS 5.1.1): a name given twice is
	// refused rather than resolved one way here and another at a proxy.
	std::set<std::string> seen;
	for (const auto& p: _params)
		if (!seen.insert(p.first).second && _errors.find(p.first.substr(0, 64)) == _errors.end())
			_errors[p.first.substr(0, 64)].push_back("Give this parameter once.");
}


std::string QueryParams::string(const std::string& name) const
{
	std::string value;
	for (const auto& p: _params)
		if (p.first == name) value = p.second;
	return value;
}


int QueryParams::integer(const std::string& name, int defaultValue)
{
	std::string text = string(name);
	if (text.empty()) return defaultValue;
	int value = 0;
	if (!Poco::NumberParser::tryParse(text, value))
	{
		_errors[name].push_back("A valid integer is required.");
		return defaultValue;
	}
	return value;
}


std::optional<Poco::Int64> QueryParams::optionalId(const std::string& name)
{
	std::string text = string(name);
	if (text.empty()) return std::nullopt;
	Poco::Int64 value = 0;
	if (!Poco::NumberParser::tryParse64(text, value))
	{
		_errors[name].push_back("A valid integer is required.");
		return std::nullopt;
	}
	return value;
}


QueryParams::Paging QueryParams::paging(int defaultPageSize)
{
	Paging paging;
	paging.page = integer("page", 1);
	paging.pageSize = integer("page_size", defaultPageSize);
	return paging;
}


void QueryParams::check() const
{
	if (!_errors.empty()) throw Core::ValidationException(_errors);
}


} } // namespace AuthServer::Http
