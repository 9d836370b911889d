//
// EmbeddedSecret.h
//
// The secrets the embedded profile generates once and keeps under
// app.dataDirectory (jwt.secret, delivery.key, mfa.key).
//


#ifndef AuthServer_Core_EmbeddedSecret_INCLUDED
#define AuthServer_Core_EmbeddedSecret_INCLUDED


#include <optional>
#include <string>


namespace AuthServer {
namespace Core {


class EmbeddedSecret
	/// A random secret in one file of the data directory: 32 random bytes
	/// as base64url text (43 characters) and a line end, mode 0600. Lets
	/// `bash scripts/run.sh` start on a fresh machine without an operator
	/// choosing keys; production configurations set the keys themselves.
{
public:
	static std::optional<std::string> read(const std::string& dataDirectory, const std::string& fileName);
		/// Returns the secret stored in dataDirectory/fileName (first line,
		/// trimmed), or nothing when the file does not exist. Throws
		/// Poco::FileException when it exists but cannot be read.

	static std::string readOrCreate(const std::string& dataDirectory, const std::string& fileName);
		/// Returns read(), or creates the directory and a new secret:
		/// written to a temporary file under umask 077 (never readable by
		/// others, not even for a moment; OWASP ASVS 6.4.1) and renamed into
		/// place, so a concurrent reader never sees half a secret. Throws
		/// Poco::FileException when the directory or file cannot be written.

private:
	EmbeddedSecret() = delete;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_EmbeddedSecret_INCLUDED
