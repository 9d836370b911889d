//
// fuzz_jwt.cpp
//
// libFuzzer target: JWT parsing and verification (Tokens::TokenService over
// POCO JWT) under HS256 with a fixed secret and under ES256 with a current
// and a retired key (the kid / key-rotation path).
//
// The first input byte picks the mode:
//   0: the rest is a compact token as a client would send it; no such token
//      may ever verify (it cannot carry a valid signature): a success is a
//      forgery and aborts.
//   1: the rest is "<header bytes>\n<payload bytes>", base64url-encoded and
//      signed with the HS256 secret (OpenSSL HMAC), so the claim checks after
//      the signature (typ, iss, aud, exp, sub, sid, jti, role; RFC 8725
//      §3.8, §3.11) see arbitrary JSON.
//   2: the rest is a JSON payload signed by the ES256 key with kid, alg and
//      typ set as the server does; verified by the ES256 service.
// Checked: verify() either returns claims that satisfy the documented
// invariants or throws Core::AuthException; never anything else.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Tokens/SigningKey.h"
#include "AuthServer/Tokens/TokenService.h"
#include "Poco/File.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JWT/Token.h"
#include "Poco/Path.h"
#include "Poco/TemporaryFile.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>


using AuthServer::Core::AuthException;
using AuthServer::Tokens::SigningKey;
using AuthServer::Tokens::TokenClaims;
using AuthServer::Tokens::TokenService;
using AuthServer::Tokens::TokenType;


namespace
{
	const std::string SECRET = "fuzz-secret-0123456789abcdefghijklmnop";

	struct Services
	{
		std::unique_ptr<TokenService> hs256;
		std::unique_ptr<TokenService> hs256WithAudience;
		std::unique_ptr<TokenService> es256;
		SigningKey::Ptr esKey;
	};

	Services* services = nullptr;

	std::string hs256Sign(const std::string& signingInput)
	{
		unsigned char mac[EVP_MAX_MD_SIZE];
		unsigned int length = 0;
		HMAC(EVP_sha256(), SECRET.data(), static_cast<int>(SECRET.size()), reinterpret_cast<const unsigned char*>(signingInput.data()), signingInput.size(), mac, &length);
		return AuthServer::Core::Base64Url::encode(std::string(reinterpret_cast<const char*>(mac), length));
	}

	void checkClaims(const TokenClaims& claims, TokenType expected)
	{
		bool ok = claims.type == expected && claims.userId > 0 && !claims.sessionId.empty() && !claims.jti.empty()
			&& (expected != TokenType::Access || !claims.role.empty());
		if (!ok)
		{
			std::cerr << "verified token breaks the claim invariants" << std::endl;
			std::abort();
		}
	}

	// Returns whether the token verified.
	bool tryAll(const TokenService& service, const std::string& compact)
	{
		bool verified = false;
		for (TokenType type: {TokenType::Access, TokenType::Refresh})
		{
			try
			{
				TokenClaims claims = service.verify(compact, type);
				checkClaims(claims, type);
				verified = true;
			}
			catch (AuthException&)
			{
			}
			TokenClaims claims;
			if (service.tryVerify(compact, type, claims)) checkClaims(claims, type);
		}
		return verified;
	}
}


extern "C" int LLVMFuzzerInitialize(int*, char***)
{
	services = new Services;
	TokenService::Settings hs;
	hs.secret = SECRET;
	services->hs256.reset(new TokenService(hs));
	hs.audience = "fuzz-api";
	hs.keyId = "k1";
	services->hs256WithAudience.reset(new TokenService(hs));

	std::string dir = Poco::TemporaryFile::tempName();
	SigningKey::generate("ES256", dir + "/current");
	SigningKey::generate("ES256", dir + "/retired");
	TokenService::Settings es;
	es.algorithm = "ES256";
	services->esKey = SigningKey::loadPrivate("ES256", dir + "/current/private.pem");
	es.pSigningKey = services->esKey;
	es.previousKeys.push_back(SigningKey::loadPublic("ES256", dir + "/retired/public.pem", "retired"));
	services->es256.reset(new TokenService(es));
	Poco::File(dir).remove(true);
	return 0;
}


extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
	if (size < 1 || size > TokenService::MAX_TOKEN_LENGTH + 64) return 0;
	std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
	switch (data[0] % 3)
	{
	case 0:
		if (tryAll(*services->hs256, rest) || tryAll(*services->hs256WithAudience, rest) || tryAll(*services->es256, rest))
		{
			std::cerr << "a token the fuzzer made up verified: forgery" << std::endl;
			std::abort();
		}
		break;
	case 1:
	{
		std::size_t nl = rest.find('\n');
		std::string header = nl == std::string::npos ? std::string("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") : rest.substr(0, nl);
		std::string payload = nl == std::string::npos ? rest : rest.substr(nl + 1);
		std::string input = AuthServer::Core::Base64Url::encode(header) + "." + AuthServer::Core::Base64Url::encode(payload);
		std::string compact = input + "." + hs256Sign(input);
		tryAll(*services->hs256, compact);
		tryAll(*services->hs256WithAudience, compact);
		if (tryAll(*services->es256, compact))
		{
			std::cerr << "an HS256 token verified under ES256 (RFC 8725 §2.1)" << std::endl;
			std::abort();
		}
		break;
	}
	default:
	{
		Poco::JSON::Object::Ptr pPayload;
		try
		{
			Poco::JSON::Parser parser;
			parser.setDepth(16);
			Poco::Dynamic::Var parsed = parser.parse(rest);
			if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) return 0;
			pPayload = parsed.extract<Poco::JSON::Object::Ptr>();
		}
		catch (Poco::Exception&)
		{
			return 0;
		}
		Poco::JWT::Token token;
		token.setType("JWT");
		token.header().set("kid", services->esKey->keyId());
		for (const auto& kv: *pPayload) token.payload().set(kv.first, kv.second);
		std::string compact;
		try
		{
			compact = services->esKey->signer().sign(token, "ES256");
		}
		catch (Poco::Exception&)
		{
			return 0; // POCO could not serialise this payload
		}
		tryAll(*services->es256, compact);
		if (tryAll(*services->hs256, compact))
		{
			std::cerr << "an ES256 token verified under HS256" << std::endl;
			std::abort();
		}
		break;
	}
	}
	return 0;
}
