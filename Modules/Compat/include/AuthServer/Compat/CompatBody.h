//
// CompatBody.h
//
// A compat request body with a profile's field aliases applied.
//


#ifndef AuthServer_Compat_CompatBody_INCLUDED
#define AuthServer_Compat_CompatBody_INCLUDED


#include "AuthServer/Core/AuthException.h"
#include "Poco/JSON/Object.h"
#include "Poco/Net/NameValueCollection.h"
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>


namespace AuthServer {
namespace Compat {


class CompatBody
	/// The fields of a JSON object or a form (urlencoded or multipart),
	/// under their native names (API.md), with the name each was sent
	/// under kept for error answers (Docs/COMPAT.md "DRF profiles"):
	/// - an alias ("password2" for "password_confirm") is taken for its
	///   native name; the native name is taken too;
	/// - a field given twice (a repeated form key, or an alias beside its
	///   native name or another alias of it) is refused: 400
	///   {"non_field_errors": ["Field 'x' was given more than once."]};
	/// - in a form an empty field is absent;
	/// - in JSON a number where a string is expected is read as its text
	///   (DRF's CharField), or refused with "Not a valid string." under
	///   Strings::Pydantic (Pydantic v2's str: 422 string_type);
	/// - unknown fields are kept but never read (DRF ignores them).
{
public:
	using Aliases = std::vector<std::pair<std::string, std::string>>;
		/// (name as old clients send it, native name).

	enum class Strings
		/// What a JSON value other than a string is where a string is expected.
	{
		Drf,      /// a number is its text (DRF's CharField); others refused
		Pydantic  /// anything but a string refused (Pydantic v2's str, lax mode)
	};

	static CompatBody fromJson(const Poco::JSON::Object& object, const Aliases& aliases, Strings strings = Strings::Drf);
		/// Returns the body of a JSON object. Throws Core::ValidationException
		/// (field non_field_errors) for a field given twice.

	static CompatBody fromForm(const Poco::Net::NameValueCollection& form, const Aliases& aliases);
		/// Returns the body of a form, every value a string. Throws
		/// Core::ValidationException (field non_field_errors) for a field
		/// given twice.

	bool has(const std::string& name) const;
		/// Returns whether the native field name was given (not null).

	std::string string(const std::string& name);
		/// Returns the text of the field; "" when absent or null; a JSON
		/// number is its text (Strings::Drf); records "Not a valid string."
		/// for others.

	std::optional<std::string> optionalString(const std::string& name);
		/// Returns the text, or nothing when absent or null.

	std::optional<bool> optionalBool(const std::string& name);
		/// Returns the boolean in DRF's forms (DrfBoolean), or nothing when
		/// absent; records "Must be a valid boolean." for others.

	std::string sentName(const std::string& name) const;
		/// Returns the name the field was sent under (the alias when one
		/// was used); for a field not given, its first alias (the old
		/// API's name), else name.

	const std::map<std::string, std::string>& sentNames() const;
		/// Returns native name -> sentName() for the fields given and
		/// every aliased field.

	std::set<std::string> given() const;
		/// Returns the native names of the fields given.

	void check() const;
		/// Throws Core::ValidationException with every recorded error,
		/// fields named as sent.

	static const char* const NON_FIELD_ERRORS;
		/// "non_field_errors", DRF's key for errors of no one field.

private:
	CompatBody() = default;
	void name(const Aliases& aliases);
	void put(const std::string& sent, const Poco::Dynamic::Var& value, const Aliases& aliases);

	Strings _strings = Strings::Drf;
	std::map<std::string, Poco::Dynamic::Var> _values;
	std::map<std::string, std::string> _sent;   /// given fields: native -> as sent
	std::map<std::string, std::string> _names;  /// _sent, plus first alias of the others
	Core::ValidationException::FieldErrors _errors;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_CompatBody_INCLUDED
