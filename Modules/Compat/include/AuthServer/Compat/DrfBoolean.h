//
// DrfBoolean.h
//
// Django REST Framework's BooleanField input forms.
//


#ifndef AuthServer_Compat_DrfBoolean_INCLUDED
#define AuthServer_Compat_DrfBoolean_INCLUDED


#include "Poco/Dynamic/Var.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Compat {


class DrfBoolean
	/// Reads a boolean as DRF 3.14's BooleanField.to_internal_value does:
	/// true for true, 1, "1", "true", "True", "TRUE", "t", "T", "yes",
	/// "Yes", "YES", "y", "Y", "on", "On", "ON"; false for the matching
	/// false forms (0, "0", "false", "f", "no", "n", "off"...).
{
public:
	static std::optional<bool> parse(const Poco::Dynamic::Var& value);
		/// Returns the boolean, or nothing when value is none of the forms
		/// (DRF answers "Must be a valid boolean.").
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_DrfBoolean_INCLUDED
