//
// TokenService.cpp
//


#include "AuthServer/Tokens/TokenService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/JsonWriter.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JWT/Serializer.h"
#include "Poco/JWT/Token.h"
#include "Poco/NumberParser.h"
#include <algorithm>
#include <cmath>


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Tokens {


namespace
{
	const std::string TYP_ACCESS = "access";
	const std::string TYP_REFRESH = "refresh";


	bool integerClaim(const Poco::JSON::Object& payload, const std::string& name, Poco::Int64& value)
	{
		// A NumericDate (RFC 7519 §2) that fits an Int64. Found by fuzz_jwt:
		// an unsigned integer above INT64_MAX made Var::convert throw
		// Poco::RangeException (a 500, not a 401), and casting a double
		// beyond the Int64 range is undefined behaviour.
		Poco::Dynamic::Var v = payload.get(name);
		if (v.isEmpty() || !v.isNumeric()) return false;
		if (v.isInteger())
		{
			try
			{
				value = v.convert<Poco::Int64>();
				return true;
			}
			catch (Poco::RangeException&)
			{
				return false;
			}
		}
		double d = v.convert<double>();
		constexpr double LIMIT = 9007199254740992.0; // 2^53: every integer below is exact
		if (!std::isfinite(d) || d < -LIMIT || d > LIMIT || d != std::floor(d)) return false;
		value = static_cast<Poco::Int64>(d);
		return true;
	}

	bool stringClaim(const Poco::JSON::Object& payload, const std::string& name, std::string& value)
	{
		Poco::Dynamic::Var v = payload.get(name);
		if (v.isEmpty() || !v.isString()) return false;
		value = v.convert<std::string>();
		return !value.empty();
	}

	bool isCanonicalUserId(const std::string& sub)
	{
		// The form issue() writes (std::to_string of a positive id): ASCII
		// digits, no sign, no leading zero, at most 19 digits. "01", "+1"
		// or " 1" would otherwise name user 1 through a second spelling.
		if (sub.empty() || sub.size() > 19 || sub[0] == '0') return false;
		for (char c: sub) if (c < '0' || c > '9') return false;
		return true;
	}

	bool audienceMatches(const Poco::JSON::Object& payload, const std::string& audience)
	{
		Poco::Dynamic::Var aud = payload.get("aud");
		if (aud.isString()) return aud.convert<std::string>() == audience;
		Poco::JSON::Array::Ptr array = payload.getArray("aud");
		if (!array) return false;
		for (std::size_t i = 0; i < array->size(); ++i)
		{
			Poco::Dynamic::Var item = array->get(i);
			if (item.isString() && item.convert<std::string>() == audience) return true;
		}
		return false;
	}
}


TokenService::TokenService(const Settings& settings):
	_settings(settings),
	_algorithm(settings.algorithm)
{
	if (settings.accessLifetime <= 0 || settings.refreshLifetime <= 0) throw Poco::InvalidArgumentException("token lifetimes must be positive");
	if (_algorithm == Poco::JWT::Signer::ALGO_HS256)
	{
		if (settings.secret.size() < 32) throw Poco::InvalidArgumentException("jwt.secret must be at least 32 bytes");
		_pHmac.reset(new HmacSha256(settings.secret));
		_keyId = settings.keyId;
		// The header of every token issued is the same: serialized once,
		// by POCO JWT as its Signer would (alg, kid when set, typ).
		Poco::JWT::Token header;
		header.setType("JWT");
		if (!_keyId.empty()) header.header().set("kid", _keyId);
		header.setAlgorithm(_algorithm);
		_encodedHeader = Poco::JWT::Serializer::serialize(header.header());
	}
	else if (_algorithm == Poco::JWT::Signer::ALGO_RS256 || _algorithm == Poco::JWT::Signer::ALGO_ES256)
	{
		if (!settings.pSigningKey || !settings.pSigningKey->canSign())
			throw Poco::InvalidArgumentException(_algorithm + " needs a private signing key");
		_keys.push_back(settings.pSigningKey);
		for (const SigningKey::Ptr& pKey: settings.previousKeys)
			if (pKey) _keys.push_back(pKey);
		for (const SigningKey::Ptr& pKey: _keys)
		{
			if (pKey->algorithm() != _algorithm)
				throw Poco::InvalidArgumentException("key " + pKey->keyId() + " is an " + pKey->algorithm() + " key, not " + _algorithm);
			// RFC 7518 §3.4: an ES256 signature is R || S, 64 octets;
			// §3.3: an RS256 one is as long as the modulus.
			_signatureBytes.emplace(pKey->keyId(), _algorithm == Poco::JWT::Signer::ALGO_ES256 ? 64 : (pKey->bits() + 7) / 8);
			if (!_verifiers.emplace(pKey->keyId(), &pKey->signer()).second)
				throw Poco::InvalidArgumentException("two keys have the kid " + pKey->keyId());
		}
		_pSigner = &settings.pSigningKey->signer();
		_keyId = settings.pSigningKey->keyId();
	}
	else throw Poco::InvalidArgumentException("unsupported algorithm " + _algorithm);
	_settings.secret.clear();
}


IssuedToken TokenService::issueAccess(Poco::Int64 userId, const std::string& role, const std::string& sessionId, int lifetime) const
{
	if (lifetime < 1) throw Poco::InvalidArgumentException("access token lifetime must be positive");
	return issue(TokenType::Access, userId, role, sessionId, 0, lifetime);
}


IssuedToken TokenService::issue(TokenType type, Poco::Int64 userId, const std::string& role, const std::string& sessionId, Poco::Int64 notAfter, int lifetime) const
{
	IssuedToken result;
	result.jti = Core::SecureRandom::token(16);
	// One clock reading for iat and exp, so exp - iat is the lifetime exactly
	// (two readings straddling a second boundary lost a second).
	result.issuedAt = Core::Clock::now();
	if (lifetime <= 0) lifetime = type == TokenType::Access ? _settings.accessLifetime : _settings.refreshLifetime;
	result.expiresAt = result.issuedAt + lifetime;
	if (notAfter > 0 && notAfter < result.expiresAt) result.expiresAt = notAfter;
	if (_pHmac)
	{
		// HS256 (RFC 7515 §5.1): BASE64URL(header) "." BASE64URL(payload),
		// MACed by OpenSSL. The payload is written by Core::JsonWriter
		// (issue 14: building a Poco::JWT::Token and its payload object and
		// stringifying it were most of the ~70,000 instructions a token
		// cost), in the bytes POCO wrote: keys in byte order, strings
		// escaped by POCO. A test compares it with the object's stringify.
		Core::JsonWriter w(192 + _settings.issuer.size() + _settings.audience.size() + sessionId.size() + role.size());
		if (!_settings.audience.empty()) w.string("aud", _settings.audience);
		w.number("exp", result.expiresAt);
		w.number("iat", result.issuedAt);
		w.string("iss", _settings.issuer);
		w.string("jti", result.jti);
		if (type == TokenType::Access) w.string("role", role);
		w.string("sid", sessionId);
		w.string("sub", std::to_string(userId));
		// Old djangorestframework-simplejwt clients read token_type and
		// user_id; the verification here never requires them.
		if (_settings.simpleJwtClaims) w.string("token_type", type == TokenType::Access ? "access" : "refresh");
		w.string("typ", type == TokenType::Access ? TYP_ACCESS : TYP_REFRESH);
		if (_settings.simpleJwtClaims) w.number("user_id", userId);
		const std::string text = w.str();
		result.token.reserve(_encodedHeader.size() + 4 * text.size() / 3 + 48);
		result.token = _encodedHeader;
		result.token += '.';
		result.token += Core::Base64Url::encode(text);
		std::string mac = _pHmac->mac(result.token.data(), result.token.size());
		result.token += '.';
		result.token += Core::Base64Url::encode(mac);
		return result;
	}
	Poco::JWT::Token token;
	Poco::JSON::Object& payload = token.payload();
	payload.set("iss", _settings.issuer);
	payload.set("sub", std::to_string(userId));
	if (!_settings.audience.empty()) payload.set("aud", _settings.audience);
	// Integers, not POCO's fractional setIssuedAt (RFC 7519 §2 NumericDate).
	payload.set("iat", result.issuedAt);
	payload.set("exp", result.expiresAt);
	payload.set("jti", result.jti);
	payload.set("typ", type == TokenType::Access ? TYP_ACCESS : TYP_REFRESH);
	payload.set("sid", sessionId);
	if (type == TokenType::Access) payload.set("role", role);
	if (_settings.simpleJwtClaims)
	{
		// Old djangorestframework-simplejwt clients read these two; the
		// verification here never requires them.
		payload.set("token_type", type == TokenType::Access ? "access" : "refresh");
		payload.set("user_id", userId);
	}
	token.setType("JWT");
	if (!_keyId.empty()) token.header().set("kid", _keyId);
	result.token = _pSigner->sign(token, _algorithm);
	return result;
}


IssuedToken TokenService::issueAccess(Poco::Int64 userId, const std::string& role, const std::string& sessionId) const
{
	return issue(TokenType::Access, userId, role, sessionId, 0);
}


IssuedToken TokenService::issueRefresh(Poco::Int64 userId, const std::string& sessionId, Poco::Int64 notAfter) const
{
	return issue(TokenType::Refresh, userId, "", sessionId, notAfter);
}


TokenClaims TokenService::verify(const std::string& compact, TokenType expected) const
{
	if (expected != TokenType::Access) return verifyUncached(compact, expected);
	MemoShard& shard = _memo[std::hash<std::string>()(compact) % MEMO_SHARDS];
	{
		std::lock_guard<std::mutex> lock(shard.mutex);
		auto it = shard.claims.find(compact);
		if (it != shard.claims.end())
		{
			if (it->second.expiresAt > Core::Clock::now()) return it->second;
			shard.claims.erase(it);
			throw AuthException(Problem::TokenExpired, "The token has expired.");
		}
	}
	TokenClaims claims = verifyUncached(compact, expected);
	std::lock_guard<std::mutex> lock(shard.mutex);
	if (shard.claims.size() >= MEMO_SHARD_CAPACITY) shard.claims.clear();
	shard.claims.emplace(compact, claims);
	return claims;
}


TokenClaims TokenService::verifyUncached(const std::string& compact, TokenType expected) const
{
	if (compact.empty() || compact.size() > MAX_TOKEN_LENGTH)
		throw AuthException(Problem::InvalidToken, "The token is malformed.");
	// JWS compact serialization: exactly three parts (RFC 7515 §7.1). POCO
	// splits at every dot and verifies the third part, so "h.p.s.s" would
	// otherwise verify too: a second spelling of one token.
	std::size_t firstDot = compact.find('.');
	std::size_t lastDot = compact.rfind('.');
	if (firstDot == std::string::npos || firstDot == lastDot || compact.find('.', firstDot + 1) != lastDot)
		throw AuthException(Problem::InvalidToken, "The token is malformed.");
	std::size_t signatureBytes = 0;
	const Poco::JWT::Signer* pVerifier = nullptr;
	if (_pHmac && compact.compare(0, firstDot, _encodedHeader) == 0)
	{
		// Byte for byte the header this service writes (built and
		// serialized by POCO JWT at construction): alg HS256, typ JWT, our
		// kid, no crit. Parsing it again would give the same answer.
		signatureBytes = HmacSha256::MAC_BYTES;
	}
	else pVerifier = verifierFor(compact.substr(0, firstDot), signatureBytes);
	// Found by fuzz_jwt: POCO 1.11 leaks memory (64 bytes per token) when
	// an ES256 signature is not 64 bytes. A signature of the wrong length
	// is refused before POCO sees it (base64url without padding, RFC 7515
	// §2: ceil(4n/3) characters for n bytes).
	if (compact.size() - lastDot - 1 != (4 * signatureBytes + 2) / 3)
		throw AuthException(Problem::InvalidToken, "The token is malformed or its signature is invalid.");
	// The unused low bits of the signature's last character must be 0
	// (RFC 4648 §3.5); otherwise one token would have several spellings
	// that all verify, e.g. ...A and ...B for an HS256 signature.
	std::string signatureOctets;
	if (!Core::Base64Url::decodeCanonical(compact.substr(lastDot + 1), signatureOctets))
		throw AuthException(Problem::InvalidToken, "The token is malformed or its signature is invalid.");
	Poco::JWT::Token token;
	Poco::JSON::Object::Ptr pPayload;
	if (_pHmac)
	{
		// HS256: the MAC over the signing input (RFC 7515 §5.2 step 8) by
		// OpenSSL, then the payload parsed once, by POCO JWT's Serializer
		// as its Signer would.
		if (!_pHmac->verify(compact.data(), lastDot, signatureOctets))
			throw AuthException(Problem::InvalidToken, "The token is malformed or its signature is invalid.");
		try
		{
			pPayload = Poco::JWT::Serializer::deserialize(compact.substr(firstDot + 1, lastDot - firstDot - 1));
		}
		catch (...)
		{
			throw AuthException(Problem::InvalidToken, "The token is malformed.");
		}
		if (!pPayload) throw AuthException(Problem::InvalidToken, "The token is malformed.");
	}
	else
	{
		try
		{
			token = pVerifier->verify(compact);
		}
		catch (...)
		{
			throw AuthException(Problem::InvalidToken, "The token is malformed or its signature is invalid.");
		}
		// Header alg is checked by the Signer against the pinned set; check again
		// explicitly so a change in POCO cannot silently widen it (RFC 8725 §3.1).
		if (token.getAlgorithm() != _algorithm)
			throw AuthException(Problem::InvalidToken, "The token's algorithm is not accepted.");
	}

	const Poco::JSON::Object& payload = pPayload ? *pPayload : token.payload();
	TokenClaims claims;
	std::string typ, sub, iss;
	if (!stringClaim(payload, "typ", typ) || typ != (expected == TokenType::Access ? TYP_ACCESS : TYP_REFRESH))
		throw AuthException(Problem::InvalidToken, "The token is not of the expected type.");
	claims.type = expected;
	if (!stringClaim(payload, "iss", iss) || iss != _settings.issuer)
		throw AuthException(Problem::InvalidToken, "The token's issuer is not accepted.");
	if (!_settings.audience.empty() && !audienceMatches(payload, _settings.audience))
		throw AuthException(Problem::InvalidToken, "The token's audience is not accepted.");
	if (!integerClaim(payload, "exp", claims.expiresAt) || !integerClaim(payload, "iat", claims.issuedAt))
		throw AuthException(Problem::InvalidToken, "The token lacks exp or iat.");
	if (!stringClaim(payload, "sub", sub) || !isCanonicalUserId(sub) || !Poco::NumberParser::tryParse64(sub, claims.userId) || claims.userId <= 0)
		throw AuthException(Problem::InvalidToken, "The token's subject is invalid.");
	if (!stringClaim(payload, "sid", claims.sessionId) || !stringClaim(payload, "jti", claims.jti))
		throw AuthException(Problem::InvalidToken, "The token lacks sid or jti.");
	if (expected == TokenType::Access && !stringClaim(payload, "role", claims.role))
		throw AuthException(Problem::InvalidToken, "The token lacks a role.");
	if (claims.expiresAt <= Core::Clock::now())
		throw AuthException(Problem::TokenExpired, "The token has expired.");
	return claims;
}


const Poco::JWT::Signer* TokenService::verifierFor(const std::string& encodedHeader, std::size_t& signatureBytes) const
{
	// Read the (unverified) header only to pick the key: alg must be the
	// pinned one and kid one we hold (RFC 7515 §4.1.4, RFC 8725 §3.1).
	std::string alg, kid;
	bool hasKid = false;
	try
	{
		Poco::JSON::Object::Ptr pHeader = Poco::JWT::Serializer::deserialize(encodedHeader);
		if (!pHeader) throw AuthException(Problem::InvalidToken, "The token is malformed.");
		const Poco::JSON::Object& header = *pHeader;
		Poco::Dynamic::Var a = header.get("alg");
		if (a.isString()) alg = a.convert<std::string>();
		// RFC 7515 §4.1.11: a recipient that does not understand every
		// extension listed in "crit" must refuse the token. We implement
		// none, so any "crit" header is refused.
		if (header.has("crit")) throw AuthException(Problem::InvalidToken, "The token names critical header extensions that are not understood.");
		if (header.has("kid"))
		{
			Poco::Dynamic::Var k = header.get("kid");
			if (!k.isString()) throw AuthException(Problem::InvalidToken, "The token's key id is not accepted.");
			kid = k.convert<std::string>();
			hasKid = true;
		}
	}
	catch (AuthException&)
	{
		throw;
	}
	catch (...)
	{
		throw AuthException(Problem::InvalidToken, "The token is malformed.");
	}
	if (alg != _algorithm)
		throw AuthException(Problem::InvalidToken, "The token's algorithm is not accepted.");
	if (_pHmac)
	{
		// HS256: a kid, when present, must be the configured one.
		if (hasKid && kid != _keyId) throw AuthException(Problem::InvalidToken, "The token's key id is not accepted.");
		signatureBytes = HmacSha256::MAC_BYTES; // HMAC-SHA-256, RFC 7518 §3.2
		return nullptr;
	}
	auto it = hasKid ? _verifiers.find(kid) : _verifiers.end();
	if (it == _verifiers.end()) throw AuthException(Problem::InvalidToken, "The token's key id is not accepted.");
	signatureBytes = _signatureBytes.at(kid);
	return it->second;
}


bool TokenService::tryVerify(const std::string& token, TokenType expected, TokenClaims& claims) const
{
	try
	{
		claims = verify(token, expected);
		return true;
	}
	catch (AuthException&)
	{
		return false;
	}
}


int TokenService::accessLifetime() const
{
	return _settings.accessLifetime;
}


int TokenService::refreshLifetime() const
{
	return _settings.refreshLifetime;
}


const std::string& TokenService::algorithm() const
{
	return _algorithm;
}


const std::string& TokenService::keyId() const
{
	return _keyId;
}


Poco::JSON::Array::Ptr TokenService::publicKeys() const
{
	Poco::JSON::Array::Ptr pKeys(new Poco::JSON::Array);
	for (const SigningKey::Ptr& pKey: _keys) pKeys->add(pKey->jwk());
	return pKeys;
}


} } // namespace AuthServer::Tokens
