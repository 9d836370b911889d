//
// UserJsonTest.cpp
//
// UserJson::tokensText: the token answer written without building the
// Poco::JSON object must be byte for byte what tokens() stringifies
// (issue 14), for every kind of user data POCO escapes.
//


#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include <sstream>
#include <cppunit/extensions/HelperMacros.h>


using AuthServer::Http::UserJson;
using AuthServer::Identity::TokenPair;


namespace
{
	std::string stringified(const TokenPair& pair)
	{
		std::ostringstream out;
		UserJson::tokens(pair).stringify(out);
		return out.str();
	}

	TokenPair samplePair()
	{
		TokenPair pair;
		pair.accessToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjMifQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
		pair.refreshToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0eXAiOiJyZWZyZXNoIn0.Zm9vYmFyLWJhei1xdXV4X3p6eg";
		pair.expiresIn = 900;
		pair.refreshExpiresIn = 1209600;
		pair.user.id = 4711;
		pair.user.email = std::string("ann@example.com");
		pair.user.fullName = "Ann O'Neil";
		pair.user.createdAt = 1700000000;
		pair.user.updatedAt = 1700000123;
		return pair;
	}
}


class UserJsonTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(UserJsonTest);
	CPPUNIT_TEST(testTokensTextIsTokensStringified);
	CPPUNIT_TEST(testTokensTextEscapesUserDataAsPoco);
	CPPUNIT_TEST(testTokensTextOptionalMembersNullAndSet);
	CPPUNIT_TEST(testTokensTextTokenOutsideAlphabetEscapedByPoco);
	CPPUNIT_TEST_SUITE_END();

public:
	void testTokensTextIsTokensStringified()
	{
		TokenPair pair = samplePair();
		std::string text = UserJson::tokensText(pair);
		CPPUNIT_ASSERT_EQUAL(stringified(pair), text);
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr pParsed = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
		CPPUNIT_ASSERT_EQUAL(pair.refreshToken, pParsed->getValue<std::string>("refresh_token"));
		CPPUNIT_ASSERT_EQUAL(std::string("4711"), pParsed->getObject("user")->getValue<std::string>("id"));
	}

	void testTokensTextEscapesUserDataAsPoco()
	{
		// Non-ASCII (2, 3 and 4 byte UTF-8), quotes, backslash, solidus,
		// control characters, DEL and bytes that are not UTF-8.
		TokenPair pair = samplePair();
		pair.user.fullName = "Zo\xC3\xAB \"Q\" \\ \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80";
		pair.user.bio = "line1\nline2\r\t\x01\x1F\x7F end\b\f";
		pair.user.location = "M\xC3\xBCnchen / <script>";
		pair.user.avatarUrl = "https://cdn.example.com/a/b.png?x=1&y=2";
		pair.user.role = "admin";
		pair.user.otpChannel = "sms";
		pair.user.companyName = std::string("\xFF\xFE broken \xC3");
		CPPUNIT_ASSERT_EQUAL(stringified(pair), UserJson::tokensText(pair));
	}

	void testTokensTextOptionalMembersNullAndSet()
	{
		TokenPair pair = samplePair();
		pair.user.email.reset();
		CPPUNIT_ASSERT_EQUAL(stringified(pair), UserJson::tokensText(pair));
		pair.user.email = std::string("a@b.c");
		pair.user.phoneNumber = std::string("+4915112345678");
		pair.user.birthDate = std::string("1990-02-03");
		pair.user.companyName = std::string("");
		pair.user.lastLoginAt = 1700000456;
		pair.user.isActive = false;
		pair.user.emailVerified = true;
		pair.user.phoneVerified = true;
		pair.user.needsProfileCompletion = true;
		pair.user.otpLoginEnabled = true;
		pair.user.fullName.clear();
		pair.expiresIn = 0;
		pair.refreshExpiresIn = -5;
		CPPUNIT_ASSERT_EQUAL(stringified(pair), UserJson::tokensText(pair));
	}

	void testTokensTextTokenOutsideAlphabetEscapedByPoco()
	{
		// Never written by TokenService; still the same bytes as tokens().
		TokenPair pair = samplePair();
		pair.accessToken = "a\"b\\c/d\xC3\xA9";
		pair.refreshToken.clear();
		CPPUNIT_ASSERT_EQUAL(stringified(pair), UserJson::tokensText(pair));
		pair.refreshToken = "x y+z=";
		CPPUNIT_ASSERT_EQUAL(stringified(pair), UserJson::tokensText(pair));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(UserJsonTest);
