//
// LegacyTokenVerifier.cpp
//


#include "AuthServer/Compat/LegacyTokenVerifier.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/NumberParser.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Compat {


namespace
{
	AuthException invalid()
	{
		return AuthException(Problem::InvalidToken, "Token is invalid or expired");
	}

	bool integer(const Poco::Dynamic::Var& value, Poco::Int64& out, bool digitsString)
	{
		if (value.isEmpty()) return false;
		if (value.isInteger() && value.type() != typeid(bool))
		{
			out = value.convert<Poco::Int64>();
			return true;
		}
		if (value.isNumeric() && value.type() != typeid(bool))
		{
			double d = value.convert<double>();
			if (d != static_cast<double>(static_cast<Poco::Int64>(d))) return false;
			out = static_cast<Poco::Int64>(d);
			return true;
		}
		if (digitsString && value.isString())
		{
			std::string s = value.convert<std::string>();
			if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) return false;
			return Poco::NumberParser::tryParse64(s, out);
		}
		return false;
	}
}


LegacyTokenVerifier::LegacyTokenVerifier(const std::string& key):
	_key(key)
{
}


bool LegacyTokenVerifier::enabled() const
{
	return !_key.empty();
}


LegacyClaims LegacyTokenVerifier::verify(const std::string& token, Poco::Int64 now) const
{
	if (_key.empty() || token.empty() || token.size() > MAX_TOKEN_LENGTH) throw invalid();
	Poco::JWT::Token parsed;
	try
	{
		Poco::JWT::Signer signer(_key);
		signer.setAlgorithms({Poco::JWT::Signer::ALGO_HS256});
		if (!signer.tryVerify(token, parsed)) throw invalid();
	}
	catch (AuthException&)
	{
		throw;
	}
	catch (...)
	{
		throw invalid();
	}
	if (parsed.getAlgorithm() != Poco::JWT::Signer::ALGO_HS256) throw invalid();
	const Poco::JSON::Object& payload = parsed.payload();
	LegacyClaims claims;
	if (!integer(payload.get("exp"), claims.expiresAt, false) || claims.expiresAt <= now) throw invalid();
	Poco::Dynamic::Var type = payload.get("token_type");
	if (!type.isString()) throw invalid();
	if (type.convert<std::string>() != "refresh") throw AuthException(Problem::InvalidToken, "Token has wrong type");
	Poco::Dynamic::Var jti = payload.get("jti");
	if (!jti.isString()) throw invalid();
	claims.jti = jti.convert<std::string>();
	if (claims.jti.empty() || claims.jti.size() > 255) throw invalid();
	if (!integer(payload.get("user_id"), claims.userId, true) || claims.userId <= 0) throw invalid();
	Poco::Int64 iat = 0;
	if (payload.has("iat"))
	{
		if (!integer(payload.get("iat"), iat, false)) throw invalid();
		claims.issuedAt = iat;
	}
	return claims;
}


} } // namespace AuthServer::Compat
