//
// ConfigKey.h
//
// The description of one configuration key: name, type, default, range,
// unit and meaning. ConfigKeyTable holds one for every key of the server.
//


#ifndef AuthServer_Core_ConfigKey_INCLUDED
#define AuthServer_Core_ConfigKey_INCLUDED


#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class ConfigKey
	/// One row of the key table: everything the validator, the readers
	/// (ConfigReader), `authserver --list-config` and Docs/CONFIGURATION.md
	/// need to know about a key, written down once.
{
public:
	enum Type
	{
		STRING, /// free text (host names, URLs, paths)
		INT,    /// a decimal integer in [minValue, maxValue]
		NUMBER, /// a decimal number (fractions allowed) in [minValue, maxValue]
		BOOL,   /// true/false, yes/no, on/off, 1/0
		LIST,   /// comma-separated values, trimmed, empty items dropped
		ENUM    /// exactly one of choices
	};

	std::string name;
		/// The key as written in a property file ("jwt.accessTokenLifetime").

	Type type = STRING;

	std::string deflt;
		/// The value a reader uses when the key is unset or empty, as text
		/// ("900", "true", "HS256"). Empty: no fixed default (the reader
		/// computes one, see defaultNote, or the key is optional).

	std::string defaultNote;
		/// Printed in the reference instead of deflt when the default is
		/// computed ("= app.publicUrl", "one per CPU core").

	double minValue = 0;
	double maxValue = 0;
		/// Inclusive range of INT and NUMBER keys.

	std::vector<std::string> choices;
		/// The values an ENUM key accepts (exact match).

	std::string unit;
		/// Unit of a number ("seconds", "bytes", "days"), empty if none.

	std::string description;
		/// What the key does, with the rule it comes from (RFC, OWASP ASVS,
		/// NIST SP 800-63B), one Markdown line.

	bool secret = false;
		/// A password or key: never printed, logged or echoed. The reference
		/// prints the default only (always empty for secrets).

	std::string aliasOf;
		/// Non-empty for an old name still accepted (with a warning): the
		/// key it stands for. The alias has the target's type and range.

	bool path = false;
		/// A file or folder: a relative value is resolved against the
		/// working directory at start-up (before --daemon moves to /).

	bool requiredInProduction = false;
		/// Must be set when app.profile = production (the embedded profile
		/// generates a value under app.dataDirectory).

	std::string typeName() const;
		/// Returns "string", "int", "number", "bool", "list" or "enum".

	std::string section() const;
		/// Returns the first segment of the name ("jwt" for jwt.issuer).
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigKey_INCLUDED
