//
// TokenService.h
//
// Signs and verifies the JWT access and refresh tokens.
//


#ifndef AuthServer_Tokens_TokenService_INCLUDED
#define AuthServer_Tokens_TokenService_INCLUDED


#include "AuthServer/Tokens/HmacSha256.h"
#include "AuthServer/Tokens/SigningKey.h"
#include "AuthServer/Tokens/TokenClaims.h"
#include "Poco/Crypto/OpenSSLInitializer.h"
#include "Poco/JSON/Array.h"
#include "Poco/JWT/Signer.h"
#include "Poco/SharedPtr.h"
#include <array>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>


namespace AuthServer {
namespace Tokens {


class TokenService
	/// Issues and verifies JWS compact tokens (RFC 7519, RFC 7515) with
	/// POCO JWT, under HS256 (shared secret) or RS256 / ES256 (SigningKey).
	/// HS256's MAC is OpenSSL's (HmacSha256) and its header is serialized
	/// once; a token's header and payload are each parsed once
	/// (Poco::JWT::Serializer); a token must have exactly three parts.
	/// Every token header carries `kid` (for HS256 only when configured).
	/// Verification accepts only the configured algorithm (the header `alg`
	/// is pinned, RFC 8725 §3.1: `none` and every other value are refused,
	/// so an HS256 token "signed" with a public key is refused under RS256,
	/// RFC 8725 §2.1) and, for RS256/ES256, only a `kid` of the current key
	/// or of a retired key (rotation: tokens of a retired key verify until
	/// their exp); then it checks what POCO's Signer does not: `typ`,
	/// `iss`, `aud` (when configured), `exp` and the presence and types of
	/// `sub`, `sid`, `jti`, `iat`. iat/exp are written as integers. A
	/// header with `crit` is refused (RFC 7515 §4.1.11: no extension is
	/// understood here); `sub` must be the canonical decimal id (no sign,
	/// no leading zero), so one user has one spelling.
	/// Thread-safe: every method is const after construction.
{
public:
	using Ptr = Poco::SharedPtr<TokenService>;

	struct Settings
	{
		std::string algorithm = "HS256"; // HS256, RS256 or ES256
		std::string secret;            // HS256 key, at least 32 bytes (RFC 7518 §3.2)
		std::string keyId;             // HS256: kid written and required when set
		SigningKey::Ptr pSigningKey;   // RS256/ES256: the current key pair (its kid is used)
		std::vector<SigningKey::Ptr> previousKeys; // RS256/ES256: retired public keys, verify only
		std::string issuer = "authserver";
		std::string audience;          // empty: no aud claim, none checked
		int accessLifetime = 900;      // seconds
		int refreshLifetime = 604800;  // seconds
		bool simpleJwtClaims = false;  // also write simplejwt's token_type and integer user_id (compat.profiles set; Docs/COMPAT.md "Tokens")
	};

	explicit TokenService(const Settings& settings);
		/// Throws Poco::InvalidArgumentException for a secret shorter than
		/// 32 bytes (HS256), a missing private key or keys of another
		/// algorithm (RS256/ES256), two keys with the same kid, or a
		/// non-positive lifetime.

	IssuedToken issueAccess(Poco::Int64 userId, const std::string& role, const std::string& sessionId) const;
		/// Returns an access token: typ "access", sub, sid, role, jti, iat,
		/// exp = iat + accessLifetime.

	IssuedToken issueAccess(Poco::Int64 userId, const std::string& role, const std::string& sessionId, int lifetime) const;
		/// As issueAccess() with exp = iat + lifetime (seconds, > 0): the
		/// phone compatibility profile's access tokens
		/// (compat.phone.accessTokenLifetime, Docs/COMPAT.md). Throws
		/// Poco::InvalidArgumentException for lifetime < 1.

	IssuedToken issueRefresh(Poco::Int64 userId, const std::string& sessionId, Poco::Int64 notAfter = 0) const;
		/// Returns a refresh token: typ "refresh", sub, sid, jti, iat,
		/// exp = min(iat + refreshLifetime, notAfter if > 0), so rotation
		/// never outlives the session's absolute end.

	TokenClaims verify(const std::string& token, TokenType expected) const;
		/// Returns the claims of a valid token of the expected type. Throws
		/// Core::AuthException: token_expired when exp has passed,
		/// invalid_token for anything else (malformed, bad signature, other
		/// alg, a crit header, wrong typ/iss/aud, a non-canonical sub,
		/// missing claims).

	bool tryVerify(const std::string& token, TokenType expected, TokenClaims& claims) const;
		/// As verify(), returning false instead of throwing.

	int accessLifetime() const;
		/// Returns the access token lifetime in seconds.

	int refreshLifetime() const;
		/// Returns the refresh token lifetime in seconds.

	const std::string& algorithm() const;
		/// Returns the pinned algorithm ("HS256", "RS256" or "ES256").

	const std::string& keyId() const;
		/// Returns the kid of the tokens issued now (empty: HS256 without
		/// jwt.keyId).

	Poco::JSON::Array::Ptr publicKeys() const;
		/// Returns the public JWKs (RFC 7517 §5 "keys"): the current key
		/// first, then the retired ones; empty under HS256.

	static constexpr std::size_t MAX_TOKEN_LENGTH = 8192;
		/// Tokens longer than this (bytes) are refused before parsing.

private:
	IssuedToken issue(TokenType type, Poco::Int64 userId, const std::string& role, const std::string& sessionId, Poco::Int64 notAfter, int lifetime = 0) const;
		// lifetime 0: the type's configured lifetime.
	TokenClaims verifyUncached(const std::string& token, TokenType expected) const;
	const Poco::JWT::Signer* verifierFor(const std::string& encodedHeader, std::size_t& signatureBytes) const;
		// Reads the token's header (its first part, base64url) once and
		// returns the signer for its kid (nullptr under HS256, verified by
		// _pHmac); signatureBytes gets the length (bytes) its signature
		// must have. Throws AuthException for another alg, a crit
		// header or an unknown kid.

	struct MemoShard
		/// Verified access tokens of one shard: a token string is immutable,
		/// so one that verified once has the same claims until its exp.
		/// Revocation is not memoised: callers check jti/sid every time.
	{
		std::mutex mutex;
		std::unordered_map<std::string, TokenClaims> claims;
	};
	static constexpr std::size_t MEMO_SHARDS = 32;
	static constexpr std::size_t MEMO_SHARD_CAPACITY = 512;
	mutable std::array<MemoShard, MEMO_SHARDS> _memo;

	Poco::Crypto::OpenSSLInitializer _openSSL;
		// Held for the service's lifetime: POCO 1.11 reference-counts OpenSSL
		// set-up per Crypto object, and when the count falls to zero while
		// another thread creates one (every HS256 sign/verify makes and drops
		// a Crypto::DigestEngine) it destroys mutexes in use: SIGSEGV/SIGABRT
		// under concurrent refreshes (seen in bench/run.sh with HS256).

	Settings _settings;
	std::string _algorithm;
	std::string _keyId;
	std::unique_ptr<HmacSha256> _pHmac;                    // HS256 only: signs and verifies
	std::string _encodedHeader;                            // HS256 only: BASE64URL(header) of every token issued
	const Poco::JWT::Signer* _pSigner = nullptr;           // RS256/ES256: signs new tokens
	std::vector<SigningKey::Ptr> _keys;                    // RS256/ES256: current, then retired
	std::unordered_map<std::string, const Poco::JWT::Signer*> _verifiers; // kid -> key
	std::unordered_map<std::string, std::size_t> _signatureBytes;        // kid -> signature length
};


} } // namespace AuthServer::Tokens


#endif // AuthServer_Tokens_TokenService_INCLUDED
