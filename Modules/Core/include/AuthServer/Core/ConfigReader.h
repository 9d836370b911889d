//
// ConfigReader.h
//
// Typed, validated reads of configuration keys that name the key on error.
//


#ifndef AuthServer_Core_ConfigReader_INCLUDED
#define AuthServer_Core_ConfigReader_INCLUDED


#include "Poco/Util/AbstractConfiguration.h"
#include <initializer_list>
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class ConfigReader
	/// Reads keys from a Poco::Util::AbstractConfiguration and validates
	/// them. Every failure throws ConfigurationException whose message
	/// starts with the key (CONFIG.md: "print which key is wrong").
{
public:
	explicit ConfigReader(const Poco::Util::AbstractConfiguration& config);

	std::string getString(const std::string& key, const std::string& deflt = "") const;
		/// Returns the value, or deflt when the key is absent.

	std::string getRequiredString(const std::string& key) const;
		/// Returns the value; throws when absent or empty.

	int getInt(const std::string& key, int deflt, int minValue, int maxValue) const;
		/// Returns the integer value in [minValue, maxValue], or deflt when
		/// absent; throws when malformed or out of range.

	double getNumber(const std::string& key, double deflt, double minValue, double maxValue) const;
		/// Returns the decimal value (e.g. "7", "0.5", "1e-5") in
		/// [minValue, maxValue], or deflt when absent; throws when
		/// malformed, not finite or out of range.

	bool getBool(const std::string& key, bool deflt) const;
		/// Returns true/false (also yes/no, on/off, 1/0), or deflt when
		/// absent; throws when malformed.

	std::string getChoice(const std::string& key, const std::string& deflt, std::initializer_list<const char*> choices) const;
		/// Returns the value, which must be one of choices (exact match).

	std::vector<std::string> getList(const std::string& key) const;
		/// Returns the comma-separated value split and trimmed, empty
		/// elements dropped.

	const Poco::Util::AbstractConfiguration& config() const;
		/// Returns the underlying configuration.

private:
	const Poco::Util::AbstractConfiguration& _config;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigReader_INCLUDED
