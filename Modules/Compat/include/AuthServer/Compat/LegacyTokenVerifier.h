//
// LegacyTokenVerifier.h
//
// Checks a refresh token of the old simplejwt back end.
//


#ifndef AuthServer_Compat_LegacyTokenVerifier_INCLUDED
#define AuthServer_Compat_LegacyTokenVerifier_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Compat {


struct LegacyClaims
	/// What an exchange needs of a verified legacy refresh token.
{
	std::string jti;
	Poco::Int64 userId = 0;
	std::optional<Poco::Int64> issuedAt;  /// iat, seconds since the epoch
	Poco::Int64 expiresAt = 0;            /// exp, seconds since the epoch
};


class LegacyTokenVerifier
	/// Verifies a djangorestframework-simplejwt refresh token signed with the
	/// old back end's HS256 key (compat.legacySigningKey, as UTF-8 bytes;
	/// Docs/COMPAT.md "Legacy tokens"): header alg HS256 and the signature
	/// (POCO JWT's Signer, constant-time compare), token_type "refresh",
	/// exp in the future without leeway (RFC 7519 §4.1.4), jti present,
	/// user_id an integer or a string of digits. The jti-once rule and the
	/// user checks are the caller's. The key is never logged or shown.
{
public:
	explicit LegacyTokenVerifier(const std::string& key);
		/// key: the old SIGNING_KEY bytes; empty: no token verifies.

	bool enabled() const;
		/// Returns whether a key is set.

	LegacyClaims verify(const std::string& token, Poco::Int64 now) const;
		/// Returns the claims of token at now (seconds since the epoch).
		/// Throws Core::AuthException invalid_token (401) with "Token has
		/// wrong type" for a verified token whose token_type is not
		/// "refresh" (an old access token), else "Token is invalid or
		/// expired".

	static constexpr std::size_t MAX_TOKEN_LENGTH = 8192;
		/// Longer tokens are refused before parsing.

private:
	std::string _key;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_LegacyTokenVerifier_INCLUDED
