//
// JsonWriter.cpp
//


#include "AuthServer/Core/JsonWriter.h"
#include "AuthServer/Core/Base64Url.h"
#include "Poco/Exception.h"
#include "Poco/JSONString.h"


namespace AuthServer {
namespace Core {


JsonWriter::JsonWriter(std::size_t reserve)
{
	_text.reserve(reserve);
	_text += '{';
	_first.push_back(true);
}


void JsonWriter::key(const char* key)
{
	if (!_first.back()) _text += ',';
	_first.back() = false;
	_text += '"';
	_text += key;
	_text += "\":";
}


void JsonWriter::string(const char* key, const std::string& value)
{
	this->key(key);
	if (Base64Url::isCompactText(value))
	{
		_text += '"';
		_text += value;
		_text += '"';
	}
	else _text += Poco::toJSON(value, Poco::JSON_WRAP_STRINGS | Poco::JSON_ESCAPE_UNICODE);
}


void JsonWriter::nullableString(const char* key, const std::optional<std::string>& value)
{
	if (value) string(key, *value);
	else
	{
		this->key(key);
		_text += "null";
	}
}


void JsonWriter::number(const char* key, Poco::Int64 value)
{
	this->key(key);
	_text += std::to_string(value);
}


void JsonWriter::boolean(const char* key, bool value)
{
	this->key(key);
	_text += value ? "true" : "false";
}


void JsonWriter::beginObject(const char* key)
{
	this->key(key);
	_text += '{';
	_first.push_back(true);
}


void JsonWriter::endObject()
{
	if (_first.size() < 2) throw Poco::IllegalStateException("JsonWriter::endObject without beginObject");
	_text += '}';
	_first.pop_back();
}


std::string JsonWriter::str()
{
	for (; !_first.empty(); _first.pop_back()) _text += '}';
	std::string text;
	text.swap(_text);
	return text;
}


} } // namespace AuthServer::Core
