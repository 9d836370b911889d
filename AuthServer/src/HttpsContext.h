//
// HttpsContext.h
//
// The server-side TLS context of https.enabled.
//


#ifndef AuthServer_HttpsContext_INCLUDED
#define AuthServer_HttpsContext_INCLUDED


#include "AuthServer/Core/ConfigReader.h"
#include "Poco/Net/Context.h"
#include <string>


namespace AuthServer {


class HttpsContext
	/// Builds the POCO NetSSL server Context that https.enabled serves
	/// with: certificate chain and private key from PEM files, TLS 1.2 and
	/// 1.3 only (RFC 8996 deprecates TLS 1.0 and 1.1; OWASP ASVS 4.0 9.1.3),
	/// TLS 1.2 restricted to forward-secret AEAD suites (Mozilla's
	/// "intermediate" profile without DHE), server cipher preference, no
	/// client certificates.
{
public:
	static const std::string DEFAULT_CIPHER_LIST;
		/// The TLS 1.2 suites used when https.cipherList is empty (OpenSSL
		/// notation). TLS 1.3 suites are OpenSSL's defaults, all AEAD.

	static Poco::Net::Context::Ptr create(const Core::ConfigReader& reader);
		/// Reads https.certificateFile (PEM certificate, optionally followed
		/// by its chain), https.privateKeyFile (unencrypted PEM key) and
		/// https.cipherList. Throws Core::ConfigurationException naming the
		/// key when a file is missing, unreadable or not PEM, when the key
		/// does not belong to the certificate, or when the cipher list
		/// selects nothing.
};


} // namespace AuthServer


#endif // AuthServer_HttpsContext_INCLUDED
