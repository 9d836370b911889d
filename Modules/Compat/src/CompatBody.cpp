//
// CompatBody.cpp
//


#include "AuthServer/Compat/CompatBody.h"
#include "AuthServer/Compat/DrfBoolean.h"


namespace AuthServer {
namespace Compat {


const char* const CompatBody::NON_FIELD_ERRORS = "non_field_errors";


void CompatBody::put(const std::string& sent, const Poco::Dynamic::Var& value, const Aliases& aliases)
{
	std::string native = sent;
	for (const auto& alias: aliases)
	{
		if (alias.first == sent)
		{
			native = alias.second;
			break;
		}
	}
	if (_sent.count(native))
		throw Core::ValidationException(NON_FIELD_ERRORS, "Field '" + native + "' was given more than once.");
	_sent[native] = sent;
	_values[native] = value;
}


void CompatBody::name(const Aliases& aliases)
{
	_names = _sent;
	for (const auto& alias: aliases)
		if (!_names.count(alias.second)) _names[alias.second] = alias.first;
}


CompatBody CompatBody::fromJson(const Poco::JSON::Object& object, const Aliases& aliases, Strings strings)
{
	CompatBody body;
	body._strings = strings;
	for (const auto& member: object) body.put(member.first, member.second, aliases);
	body.name(aliases);
	return body;
}


CompatBody CompatBody::fromForm(const Poco::Net::NameValueCollection& form, const Aliases& aliases)
{
	CompatBody body;
	std::map<std::string, int> seen;
	for (const auto& field: form)
	{
		// A repeated key is refused even when one of its values is empty.
		if (seen[field.first]++) throw Core::ValidationException(NON_FIELD_ERRORS, "Field '" + field.first + "' was given more than once.");
	}
	for (const auto& field: form)
	{
		if (field.second.empty()) continue; // DRF: an empty form field is absent
		body.put(field.first, field.second, aliases);
	}
	body.name(aliases);
	return body;
}


bool CompatBody::has(const std::string& name) const
{
	auto it = _values.find(name);
	return it != _values.end() && !it->second.isEmpty();
}


std::optional<std::string> CompatBody::optionalString(const std::string& name)
{
	auto it = _values.find(name);
	if (it == _values.end() || it->second.isEmpty()) return std::nullopt;
	const Poco::Dynamic::Var& value = it->second;
	if (value.isString()) return value.convert<std::string>();
	if (_strings == Strings::Drf && value.isNumeric() && value.type() != typeid(bool)) return value.convert<std::string>();
	_errors[sentName(name)].push_back("Not a valid string.");
	return std::nullopt;
}


std::string CompatBody::string(const std::string& name)
{
	return optionalString(name).value_or(std::string());
}


std::optional<bool> CompatBody::optionalBool(const std::string& name)
{
	auto it = _values.find(name);
	if (it == _values.end() || it->second.isEmpty()) return std::nullopt;
	std::optional<bool> value = DrfBoolean::parse(it->second);
	if (!value) _errors[sentName(name)].push_back("Must be a valid boolean.");
	return value;
}


std::string CompatBody::sentName(const std::string& name) const
{
	auto it = _names.find(name);
	return it == _names.end() ? name : it->second;
}


const std::map<std::string, std::string>& CompatBody::sentNames() const
{
	return _names;
}


std::set<std::string> CompatBody::given() const
{
	std::set<std::string> names;
	for (const auto& field: _sent) names.insert(field.first);
	return names;
}


void CompatBody::check() const
{
	if (!_errors.empty()) throw Core::ValidationException(_errors);
}


} } // namespace AuthServer::Compat
