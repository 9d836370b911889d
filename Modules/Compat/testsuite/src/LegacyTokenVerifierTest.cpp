//
// LegacyTokenVerifierTest.cpp
//
// simplejwt refresh tokens signed with the old key.
//


#include "AuthServer/Compat/LegacyTokenVerifier.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include <cppunit/extensions/HelperMacros.h>


using namespace AuthServer::Compat;
using AuthServer::Core::AuthException;


namespace
{
	const std::string OLD_KEY = "django-insecure-0ld-s3cret-key-for-tests";
	const Poco::Int64 NOW = 1800000000;

	std::string mint(const std::string& key, const std::string& type, Poco::Int64 exp, const Poco::Dynamic::Var& userId, const std::string& algorithm = "HS256")
	{
		// As simplejwt 5.2 writes them: token_type, exp, iat, jti, user_id.
		Poco::JWT::Token token;
		token.setType("JWT");
		token.payload().set("token_type", type);
		token.payload().set("exp", exp);
		token.payload().set("iat", exp - 86400);
		token.payload().set("jti", "0f2e4c6a8b0d4f6e8a2c4e6a8b0d2f4e");
		token.payload().set("user_id", userId);
		Poco::JWT::Signer signer(key);
		signer.addAlgorithm(algorithm);
		return signer.sign(token, algorithm);
	}

	std::string refusal(const LegacyTokenVerifier& verifier, const std::string& token)
	{
		try
		{
			verifier.verify(token, NOW);
		}
		catch (AuthException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(401, exc.status());
			return exc.message();
		}
		return "(accepted)";
	}
}


class LegacyTokenVerifierTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(LegacyTokenVerifierTest);
	CPPUNIT_TEST(testRefreshTokenVerifies);
	CPPUNIT_TEST(testDigitStringUserId);
	CPPUNIT_TEST(testExpiredRefusedWithoutLeeway);
	CPPUNIT_TEST(testAccessTokenHasWrongType);
	CPPUNIT_TEST(testOtherKeyOrAlgorithmRefused);
	CPPUNIT_TEST(testNoKeyNothingVerifies);
	CPPUNIT_TEST_SUITE_END();

public:
	void testRefreshTokenVerifies()
	{
		LegacyTokenVerifier verifier(OLD_KEY);
		LegacyClaims claims = verifier.verify(mint(OLD_KEY, "refresh", NOW + 60, 42), NOW);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(42), claims.userId);
		CPPUNIT_ASSERT_EQUAL(std::string("0f2e4c6a8b0d4f6e8a2c4e6a8b0d2f4e"), claims.jti);
		CPPUNIT_ASSERT(claims.issuedAt && *claims.issuedAt == NOW + 60 - 86400);
	}

	void testDigitStringUserId()
	{
		LegacyTokenVerifier verifier(OLD_KEY);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), verifier.verify(mint(OLD_KEY, "refresh", NOW + 60, std::string("7")), NOW).userId);
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, mint(OLD_KEY, "refresh", NOW + 60, std::string("7a"))));
	}

	void testExpiredRefusedWithoutLeeway()
	{
		LegacyTokenVerifier verifier(OLD_KEY);
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, mint(OLD_KEY, "refresh", NOW, 42)));
	}

	void testAccessTokenHasWrongType()
	{
		LegacyTokenVerifier verifier(OLD_KEY);
		CPPUNIT_ASSERT_EQUAL(std::string("Token has wrong type"), refusal(verifier, mint(OLD_KEY, "access", NOW + 60, 42)));
	}

	void testOtherKeyOrAlgorithmRefused()
	{
		LegacyTokenVerifier verifier(OLD_KEY);
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, mint("another-key-another-key-another-key", "refresh", NOW + 60, 42)));
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, mint(OLD_KEY, "refresh", NOW + 60, 42, "HS512")));
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, "not.a.token"));
	}

	void testNoKeyNothingVerifies()
	{
		LegacyTokenVerifier verifier("");
		CPPUNIT_ASSERT(!verifier.enabled());
		CPPUNIT_ASSERT_EQUAL(std::string("Token is invalid or expired"), refusal(verifier, mint(OLD_KEY, "refresh", NOW + 60, 42)));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(LegacyTokenVerifierTest);
