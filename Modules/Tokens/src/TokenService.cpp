//
// TokenService.cpp
//


#include "AuthServer/Tokens/TokenService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/JWT/Token.h"
#include "Poco/NumberParser.h"
#include <algorithm>


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
		Poco::Dynamic::Var v = payload.get(name);
		if (v.isEmpty() || !v.isNumeric()) return false;
		if (v.isInteger())
		{
			value = v.convert<Poco::Int64>();
			return true;
		}
		double d = v.convert<double>();
		if (d != static_cast<double>(static_cast<Poco::Int64>(d))) return false;
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
	_algorithm(Poco::JWT::Signer::ALGO_HS256),
	_signer(settings.secret)
{
	if (settings.secret.size() < 32) throw Poco::InvalidArgumentException("jwt.secret must be at least 32 bytes");
	if (settings.accessLifetime <= 0 || settings.refreshLifetime <= 0) throw Poco::InvalidArgumentException("token lifetimes must be positive");
	_signer.setAlgorithms({_algorithm});
}


IssuedToken TokenService::issue(TokenType type, Poco::Int64 userId, const std::string& role, const std::string& sessionId, Poco::Int64 notAfter) const
{
	Poco::JWT::Token token;
	token.setType("JWT");
	IssuedToken result;
	result.jti = Core::SecureRandom::token(16);
	// One clock reading for iat and exp, so exp - iat is the lifetime exactly
	// (two readings straddling a second boundary lost a second).
	result.issuedAt = Core::Clock::now();
	result.expiresAt = result.issuedAt + (type == TokenType::Access ? _settings.accessLifetime : _settings.refreshLifetime);
	if (notAfter > 0 && notAfter < result.expiresAt) result.expiresAt = notAfter;
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
	result.token = _signer.sign(token, _algorithm);
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
	Poco::JWT::Token token;
	try
	{
		token = _signer.verify(compact);
	}
	catch (...)
	{
		throw AuthException(Problem::InvalidToken, "The token is malformed or its signature is invalid.");
	}
	// Header alg is checked by the Signer against the pinned set; check again
	// explicitly so a change in POCO cannot silently widen it (RFC 8725 §3.1).
	if (token.getAlgorithm() != _algorithm)
		throw AuthException(Problem::InvalidToken, "The token's algorithm is not accepted.");

	const Poco::JSON::Object& payload = token.payload();
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
	if (!stringClaim(payload, "sub", sub) || !Poco::NumberParser::tryParse64(sub, claims.userId) || claims.userId <= 0)
		throw AuthException(Problem::InvalidToken, "The token's subject is invalid.");
	if (!stringClaim(payload, "sid", claims.sessionId) || !stringClaim(payload, "jti", claims.jti))
		throw AuthException(Problem::InvalidToken, "The token lacks sid or jti.");
	if (expected == TokenType::Access && !stringClaim(payload, "role", claims.role))
		throw AuthException(Problem::InvalidToken, "The token lacks a role.");
	if (claims.expiresAt <= Core::Clock::now())
		throw AuthException(Problem::TokenExpired, "The token has expired.");
	return claims;
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


} } // namespace AuthServer::Tokens
