//
// JsonBody.cpp
//


#include "AuthServer/Http/JsonBody.h"


namespace AuthServer {
namespace Http {


JsonBody::JsonBody(Poco::JSON::Object::Ptr pObject):
	_pObject(pObject ? pObject : Poco::JSON::Object::Ptr(new Poco::JSON::Object))
{
}


bool JsonBody::has(const std::string& name) const
{
	return _pObject->has(name);
}


std::string JsonBody::string(const std::string& name)
{
	return optionalString(name).value_or("");
}


std::optional<std::string> JsonBody::optionalString(const std::string& name)
{
	if (!_pObject->has(name) || _pObject->isNull(name)) return std::nullopt;
	Poco::Dynamic::Var value = _pObject->get(name);
	if (!value.isString())
	{
		_errors[name].push_back("Must be a string.");
		return std::nullopt;
	}
	return value.extract<std::string>();
}


std::optional<std::optional<std::string>> JsonBody::nullableString(const std::string& name)
{
	if (!_pObject->has(name)) return std::nullopt;
	if (_pObject->isNull(name)) return std::optional<std::string>();
	Poco::Dynamic::Var value = _pObject->get(name);
	if (!value.isString())
	{
		_errors[name].push_back("Must be a string or null.");
		return std::nullopt;
	}
	return std::optional<std::string>(value.extract<std::string>());
}


std::optional<bool> JsonBody::optionalBool(const std::string& name)
{
	if (!_pObject->has(name) || _pObject->isNull(name)) return std::nullopt;
	Poco::Dynamic::Var value = _pObject->get(name);
	if (value.type() != typeid(bool))
	{
		_errors[name].push_back("Must be true or false.");
		return std::nullopt;
	}
	return value.extract<bool>();
}


void JsonBody::refuseExcept(const std::set<std::string>& allowed, const std::set<std::string>& immutable)
{
	for (const auto& kv: *_pObject)
	{
		if (allowed.count(kv.first)) continue;
		if (immutable.count(kv.first)) _errors[kv.first].push_back("This field cannot be changed here.");
		else _errors[kv.first.substr(0, 64)].push_back("Unknown field.");
	}
}


void JsonBody::check() const
{
	if (!_errors.empty()) throw Core::ValidationException(_errors);
}


const Poco::JSON::Object& JsonBody::object() const
{
	return *_pObject;
}


} } // namespace AuthServer::Http
