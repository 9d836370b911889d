//
// JsonBody.h
//
// Typed access to the fields of a JSON request body.
//


#ifndef AuthServer_Http_JsonBody_INCLUDED
#define AuthServer_Http_JsonBody_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "Poco/JSON/Object.h"
#include <cstddef>
#include <optional>
#include <set>
#include <string>


namespace AuthServer {
namespace Http {


class JsonBody
	/// Reads fields of a request body object and records a type error per
	/// field instead of throwing at once, so one 400 validation_error names
	/// every bad field (API.md: wrong field types 400 validation_error,
	/// never a 500). Call check() after the reads.
{
public:
	explicit JsonBody(Poco::JSON::Object::Ptr pObject);

	static JsonBody parse(const std::string& data, const std::string& contentType, std::size_t maxDepth);
		/// Parses a whole request body (bytes as received) sent with the
		/// Content-Type header value contentType. Blank data is {} whatever
		/// the type. Throws Core::AuthException: unsupported_media_type
		/// (415) unless the type is application/json or application/*+json,
		/// invalid_json (400) when data is not JSON, names a member of an
		/// object twice (OWASP ASVS 5.1.1), nests deeper than
		/// maxDepth (OWASP ASVS 5.5.3/13.2.1 resource limits) or is not an
		/// object (API.md Conventions). Never throws anything else. The
		/// size limit is the caller's (Exchange::body).

	std::string string(const std::string& name);
		/// Returns the string value; "" when absent or null; records an
		/// error for a non-string.

	std::optional<std::string> optionalString(const std::string& name);
		/// Returns the string, or nothing when absent or null.

	std::optional<std::optional<std::string>> nullableString(const std::string& name);
		/// Returns nothing when absent, an empty inner optional for null,
		/// else the string.

	std::optional<bool> optionalBool(const std::string& name);
		/// Returns the boolean, or nothing when absent or null; records an
		/// error for anything but true/false.

	Poco::JSON::Object::Ptr optionalObject(const std::string& name);
		/// Returns the object value, or null when absent or null; records
		/// an error for anything but an object.

	bool has(const std::string& name) const;
		/// Returns whether the field is present (null included).

	void refuseExcept(const std::set<std::string>& allowed, const std::set<std::string>& immutable = {});
		/// Records an error for every field not in allowed; fields in
		/// immutable get "This field cannot be changed here."

	void check() const;
		/// Throws Core::ValidationException (400 validation_error) with
		/// every recorded field error.

	const Poco::JSON::Object& object() const;

private:
	Poco::JSON::Object::Ptr _pObject;
	Core::ValidationException::FieldErrors _errors;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_JsonBody_INCLUDED
