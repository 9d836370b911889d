//
// JsonBody.cpp
//


#include "AuthServer/Http/JsonBody.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Net/MediaType.h"
#include "Poco/String.h"
#include <set>
#include <vector>


namespace AuthServer {
namespace Http {


namespace
{
	class UniqueKeyHandler: public Poco::JSON::ParseHandler
		/// POCO's ParseHandler, refusing an object that names a member
		/// twice: POCO keeps the last one, another parser behind a proxy
		/// might keep the first (HTTP parameter pollution, OWASP ASVS
		/// 5.1.1; RFC 8259 §4 "names SHOULD be unique", RFC 7493 §2.3 MUST).
	{
	public:
		void reset() override
		{
			_keys.clear();
			ParseHandler::reset();
		}

		void startObject() override
		{
			_keys.emplace_back();
			ParseHandler::startObject();
		}

		void endObject() override
		{
			if (!_keys.empty()) _keys.pop_back();
			ParseHandler::endObject();
		}

		void key(const std::string& k) override
		{
			if (!_keys.empty() && !_keys.back().insert(k).second)
				throw Core::AuthException(Core::Problem::InvalidJson, "The body names a member more than once.");
			ParseHandler::key(k);
		}

	private:
		std::vector<std::set<std::string>> _keys;
	};


	std::string utf8Prefix(const std::string& text, std::size_t maxBytes)
		/// The longest prefix of text of at most maxBytes bytes that does not
		/// end inside a UTF-8 sequence (RFC 3629 §3: continuation bytes are
		/// 10xxxxxx), so a shortened field name stays valid UTF-8 in the
		/// problem document (RFC 8259 §8.1). Found by fuzz_json_body.
	{
		if (text.size() <= maxBytes) return text;
		std::size_t end = maxBytes;
		while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
		return text.substr(0, end);
	}
}


JsonBody::JsonBody(Poco::JSON::Object::Ptr pObject):
	_pObject(pObject ? pObject : Poco::JSON::Object::Ptr(new Poco::JSON::Object))
{
}


JsonBody JsonBody::parse(const std::string& data, const std::string& contentType, std::size_t maxDepth)
{
	using Core::AuthException;
	using Core::Problem;
	if (Poco::trim(data).empty()) return JsonBody(new Poco::JSON::Object);
	bool isJson = false;
	try
	{
		Poco::Net::MediaType type(contentType);
		isJson = Poco::icompare(type.getType(), "application") == 0 && (Poco::icompare(type.getSubType(), "json") == 0 || Poco::endsWith(Poco::toLower(type.getSubType()), std::string("+json")));
	}
	catch (Poco::Exception&)
	{
	}
	if (!isJson) throw AuthException(Problem::UnsupportedMediaType, "Send the body as application/json.");
	try
	{
		Poco::JSON::Parser parser(new UniqueKeyHandler);
		parser.setDepth(maxDepth);
		Poco::Dynamic::Var parsed = parser.parse(data);
		if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
			throw AuthException(Problem::InvalidJson, "The body must be a JSON object.");
		return JsonBody(parsed.extract<Poco::JSON::Object::Ptr>());
	}
	catch (AuthException&)
	{
		throw;
	}
	catch (...)
	{
		throw AuthException(Problem::InvalidJson, "The body is not valid JSON.");
	}
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


Poco::JSON::Object::Ptr JsonBody::optionalObject(const std::string& name)
{
	if (!_pObject->has(name) || _pObject->isNull(name)) return nullptr;
	Poco::JSON::Object::Ptr object = _pObject->getObject(name);
	if (!object) _errors[name].push_back("Must be an object.");
	return object;
}


void JsonBody::refuseExcept(const std::set<std::string>& allowed, const std::set<std::string>& immutable)
{
	for (const auto& kv: *_pObject)
	{
		if (allowed.count(kv.first)) continue;
		if (immutable.count(kv.first)) _errors[kv.first].push_back("This field cannot be changed here.");
		else _errors[utf8Prefix(kv.first, 64)].push_back("Unknown field.");
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
