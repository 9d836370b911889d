//
// ConfigReader.h
//
// Typed, validated reads of configuration keys that name the key on error,
// with defaults and ranges from ConfigKeyTable.
//


#ifndef AuthServer_Core_ConfigReader_INCLUDED
#define AuthServer_Core_ConfigReader_INCLUDED


#include "AuthServer/Core/ConfigKey.h"
#include "Poco/Util/AbstractConfiguration.h"
#include <initializer_list>
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class ConfigReader
	/// Reads keys from a Poco::Util::AbstractConfiguration and validates
	/// them. Every key read must be in ConfigKeyTable, which gives its type,
	/// default and range: a reader never writes a default or a range of its
	/// own, and reading a key missing from the table throws (so a new key
	/// cannot be read before it is documented and validated). Every failure
	/// throws ConfigurationException whose message starts with the key
	/// (CONFIG.md: "print which key is wrong").
{
public:
	explicit ConfigReader(const Poco::Util::AbstractConfiguration& config);

	std::string getString(const std::string& key) const;
		/// Returns the value as text (any type), or the table's default
		/// when the key is absent.

	std::string getString(const std::string& key, const std::string& deflt) const;
		/// As getString(key), with a computed default (the table's
		/// defaultNote says how it is computed).

	std::string getRequiredString(const std::string& key) const;
		/// Returns the trimmed value, or the table's default when absent;
		/// throws when that is empty.

	int getInt(const std::string& key) const;
		/// Returns the INT key's value in the table's [min, max], or the
		/// table's default when absent or empty; throws when malformed, out
		/// of range, or when the table has no default.

	int getInt(const std::string& key, int deflt) const;
		/// As getInt(key), with a computed default (not range-checked).

	double getNumber(const std::string& key) const;
		/// Returns the NUMBER (or INT) key's decimal value ("7", "0.5",
		/// "1e-5") in the table's range, or the table's default when absent
		/// or empty; throws when malformed, not finite or out of range.

	bool getBool(const std::string& key) const;
		/// Returns the BOOL key's value (true/false, yes/no, on/off, 1/0),
		/// or the table's default when absent or empty; throws when
		/// malformed or when the table has no default.

	bool getBool(const std::string& key, bool deflt) const;
		/// As getBool(key), with a computed default.

	std::string getChoice(const std::string& key) const;
		/// Returns the ENUM key's trimmed value, which must be one of the
		/// table's choices (exact match), or the table's default when
		/// absent. A present but empty value is refused.

	std::vector<std::string> getList(const std::string& key) const;
		/// Returns the comma-separated value split and trimmed, empty
		/// elements dropped.

	const Poco::Util::AbstractConfiguration& config() const;
		/// Returns the underlying configuration.

private:
	const ConfigKey& entry(const std::string& key, std::initializer_list<ConfigKey::Type> types) const;
		/// Returns the table's key; throws ConfigurationException when it is
		/// missing or its type is not one of types (empty: any).

	std::string raw(const std::string& key, const std::string& deflt) const;

	int parseInt(const ConfigKey& key, const std::string& raw) const;
	bool parseBool(const ConfigKey& key, const std::string& raw) const;

	const Poco::Util::AbstractConfiguration& _config;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigReader_INCLUDED
