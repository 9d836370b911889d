//
// ConfigReference.h
//
// The configuration reference (Docs/CONFIGURATION.md) generated from the
// key table.
//


#ifndef AuthServer_Core_ConfigReference_INCLUDED
#define AuthServer_Core_ConfigReference_INCLUDED


#include <ostream>


namespace AuthServer {
namespace Core {


class ConfigReference
	/// Writes the Markdown reference of the command line and of every key
	/// of ConfigKeyTable: one table per section with type, default, range
	/// or choices, unit and description. `authserver --list-config` prints
	/// it and Docs/CONFIGURATION.md is exactly its output
	/// (scripts/check-config-doc.sh fails CI when they differ).
	///
	/// Only the table is printed, never a configured value: a secret key
	/// (jwt.secret, ...) shows its default, which is always empty.
{
public:
	static void write(std::ostream& out);
		/// Writes the whole document, UTF-8, "\n" line ends.
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_ConfigReference_INCLUDED
