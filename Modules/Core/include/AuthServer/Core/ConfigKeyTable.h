//
// ConfigKeyTable.h
//
// The one table of every configuration key of the server.
//


#ifndef AuthServer_Core_ConfigKeyTable_INCLUDED
#define AuthServer_Core_ConfigKeyTable_INCLUDED


#include "AuthServer/Core/ConfigKey.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class ConfigKeyTable
	/// Every key the server reads, with its type, default, range, unit and
	/// description (ConfigKeyTable.cpp). It feeds ConfigValidator (unknown
	/// key, type, range), ConfigReader (defaults and ranges: a reader never
	/// writes them again), the AUTHSERVER_<KEY> environment matching
	/// (Keys::all()) and ConfigReference (`authserver --list-config`,
	/// Docs/CONFIGURATION.md). A new key is added here and nowhere else.
{
public:
	static const std::vector<ConfigKey>& keys();
		/// Returns every key, grouped by section in reference order.

	static const ConfigKey* find(const std::string& name);
		/// Returns the key of that exact name, or null.

	static const ConfigKey& get(const std::string& name);
		/// Returns the key of that exact name; throws ConfigurationException
		/// naming it when the table has no such key (a reader of a key
		/// missing from the table fails at start-up, not silently).

	static std::vector<std::string> names();
		/// Returns every key's name, in table order.

	static std::vector<std::string> sections();
		/// Returns the first segments of the keys, each once, in table order
		/// ("app", "paths", "http", ...).

	static std::string sectionTitle(const std::string& section);
		/// Returns the heading of a section in the reference ("Tokens (RFC
		/// 7519)" for "jwt"); the section itself when it has none.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigKeyTable_INCLUDED
