//
// DjangoPasswordVerifier.h
//
// Verifies the password hashes of Django's hashers (imported accounts).
//


#ifndef AuthServer_DjangoImport_DjangoPasswordVerifier_INCLUDED
#define AuthServer_DjangoImport_DjangoPasswordVerifier_INCLUDED


#include "AuthServer/Identity/LegacyPasswordVerifier.h"
#include <string>


namespace AuthServer {
namespace DjangoImport {


class DjangoPasswordVerifier: public Identity::LegacyPasswordVerifier
	/// Checks a password against the "<algorithm>$..." strings Django's
	/// django.contrib.auth.hashers store (Django 3.2 to 5.x), with the
	/// parameters the string holds:
	///   pbkdf2_sha256$<iterations>$<salt>$<base64 32-byte key>  and
	///   pbkdf2_sha1$<iterations>$<salt>$<base64 20-byte key>:
	///     PBKDF2-HMAC (RFC 8018 §5.2) through OpenSSL PKCS5_PBKDF2_HMAC;
	///   argon2$argon2id$v=19$m=..,t=..,p=..$<salt>$<tag> (and argon2i):
	///     libargon2's argon2_verify on the PHC string after "argon2";
	///   bcrypt_sha256$$2b$<cost>$<53 chars>: bcrypt of the lower-case hex
	///     SHA-256 of the password, and bcrypt$$2b$..: bcrypt of the
	///     password, through libxcrypt's crypt_r (Debian libcrypt1).
	/// Derived keys and crypt outputs are compared with CRYPTO_memcmp
	/// (constant time). Work factors above sane bounds (PBKDF2 over 10^7
	/// iterations, Argon2 over 1 GiB or t > 64, bcrypt cost over 16) are
	/// refused so a crafted dump cannot stall the hashing pool.
	/// Other Django hashers (md5, sha1, unsalted_*, crypt, scrypt) are not
	/// supported: scheme() answers "" for them. Thread-safe.
{
public:
	std::string scheme(const std::string& storedHash) const override;
		/// Returns "pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256"
		/// or "bcrypt" for a string in one of those formats, else "".

	std::string costClass(const std::string& storedHash) const override;
		/// Returns storedHash without its salt and hash: "pbkdf2_sha256$600000",
		/// "argon2$argon2id$v=19$m=102400,t=2,p=8", "bcrypt_sha256$$2b$12";
		/// "" for a string scheme() does not know.

	bool verify(const std::string& storedHash, const std::string& password) const override;
		/// Returns whether password (UTF-8 bytes, as Django encodes it)
		/// matches storedHash. A malformed string or out-of-bounds work
		/// factor returns false.

	static bool isUnusable(const std::string& storedHash);
		/// Returns whether storedHash is Django's "no password" marker: empty
		/// or starting with '!' (set_unusable_password).

	static std::string algorithmName(const std::string& storedHash);
		/// Returns the text before the first '$' ("md5", "pbkdf2_sha256", ...),
		/// for reports of unsupported hashers.
};


} } // namespace AuthServer::DjangoImport


#endif // AuthServer_DjangoImport_DjangoPasswordVerifier_INCLUDED
