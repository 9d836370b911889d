//
// ConfigValidator.h
//
// Start-up validation of every known configuration key (type and range)
// and refusal of unknown keys under the project's prefixes.
//


#ifndef AuthServer_Core_ConfigValidator_INCLUDED
#define AuthServer_Core_ConfigValidator_INCLUDED


#include "Poco/Util/AbstractConfiguration.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class ConfigValidator
	/// Checks the whole configuration once, before any subsystem starts, so
	/// a typo or a malformed value stops the server with the key's name
	/// (CONFIG.md: "A bad or missing configuration value makes the server
	/// print which key is wrong and exit non-zero before it listens";
	/// OWASP ASVS 4.0 14.1.3: the configuration is hardened and checked).
	///
	/// The subsystems still read (and range-check) their own keys: this
	/// class adds the checks they cannot make, because a key may be unused
	/// in the current mode (redis.port with cache.backend=memory) or may
	/// not be known to any of them (a misspelt key).
{
public:
	static void validate(const Poco::Util::AbstractConfiguration& config);
		/// Throws ConfigurationException naming the first key that is
		/// unknown (a key under one of prefixes() that is not in
		/// Keys::all()), or whose value does not have the key's type:
		/// integer in its range, boolean (true/false, yes/no, on/off, 1/0)
		/// or one of its choices. Empty integer and boolean values mean
		/// "the default" and pass. Keys are visited in sorted order, so the
		/// key named is deterministic.

	static std::vector<std::string> unknownKeys(const Poco::Util::AbstractConfiguration& config);
		/// Returns every key under prefixes() that is not in Keys::all(),
		/// sorted. Keys outside those prefixes (logging.*, POCO's
		/// application.* and system.*) are POCO's and not checked here.

	static const std::vector<std::string>& prefixes();
		/// Returns the first segments owned by AuthServer ("app", "http",
		/// "jwt", ...).
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigValidator_INCLUDED
