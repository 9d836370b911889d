//
// JsonBody.h
//
// Typed access to the fields of a JSON request body.
//


#ifndef AuthServer_Http_JsonBody_INCLUDED
#define AuthServer_Http_JsonBody_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "Poco/JSON/Object.h"
#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>


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

	template <typename... Names>
	std::array<std::string, sizeof...(Names)> required(const Names&... names)
		/// Returns the string values of names, in the order given, for
		/// `auto [phone, code] = body.required("phone_number", "otp_code");`.
		/// Throws like check() when any error is recorded (a non-string
		/// field, or one recorded before the call), then
		/// Core::ValidationException (400 validation_error, detail "The
		/// request has invalid fields.") naming every field that is absent,
		/// null or "" with "This field is required." (API.md Conventions).
	{
		std::vector<std::string> values = requiredStrings({std::string(names)...});
		std::array<std::string, sizeof...(Names)> result;
		for (std::size_t i = 0; i < result.size(); ++i) result[i] = std::move(values[i]);
		return result;
	}

	std::vector<std::string> requiredStrings(const std::vector<std::string>& names);
		/// required() for a list of names: returns their values in order,
		/// throws as required() does.

	bool has(const std::string& name) const;
		/// Returns whether the field is present (null included).

	void refuseExcept(const std::set<std::string>& allowed, const std::set<std::string>& immutable = {});
		/// Records an error for every field not in allowed; fields in
		/// immutable get "This field cannot be changed here."

	void refuse(const std::set<std::string>& immutable);
		/// Records "This field cannot be changed here." for every field of
		/// immutable that is present; other fields stay allowed (OWASP
		/// ASVS 5.1.2 mass assignment, on a body that may carry anything
		/// else).

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
