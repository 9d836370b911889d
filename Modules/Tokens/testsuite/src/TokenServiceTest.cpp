//
// TokenServiceTest.cpp
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Tokens/TokenService.h"
#include "AuthServer/Tokens/TokensSubsystem.h"
#include "FreshSecond.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Util/MapConfiguration.h"
#include "Poco/AutoPtr.h"
#include <cppunit/extensions/HelperMacros.h>
#include <ctime>
#include <sstream>
#include <thread>


using namespace AuthServer::Tokens;
using AuthServer::Core::AuthException;
using AuthServer::Core::ConfigurationException;
using AuthServer::Core::Problem;


namespace
{
	const std::string SECRET = "0123456789abcdef0123456789abcdef-test";

	TokenService makeService(const std::string& audience = "")
	{
		TokenService::Settings s;
		s.secret = SECRET;
		s.audience = audience;
		return TokenService(s);
	}

	Problem problemOf(const TokenService& svc, const std::string& token, TokenType type)
	{
		try
		{
			svc.verify(token, type);
		}
		catch (AuthException& exc)
		{
			return exc.problem();
		}
		CPPUNIT_FAIL("token accepted");
		return Problem::InternalError;
	}

	std::string signedWith(const std::string& secret, const std::string& payloadJson, const std::string& alg = "HS256", const std::string& headerJson = "{}")
	{
		Poco::JWT::Token token;
		Poco::JSON::Parser headerParser;
		Poco::JSON::Object::Ptr h = headerParser.parse(headerJson).extract<Poco::JSON::Object::Ptr>();
		for (const auto& kv: *h) token.header().set(kv.first, kv.second);
		Poco::JWT::Signer signer(secret);
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr p = parser.parse(payloadJson).extract<Poco::JSON::Object::Ptr>();
		for (const auto& kv: *p) token.payload().set(kv.first, kv.second);
		return signer.sign(token, alg);
	}
}


class TokenServiceTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(TokenServiceTest);
	CPPUNIT_TEST(testAccessTokenRoundTrip);
	CPPUNIT_TEST(testClaimsAreIntegers);
	CPPUNIT_TEST(testSimpleJwtClaimsOnlyWhileCompatProfilesOn);
	CPPUNIT_TEST(testRefreshIsNotAccess);
	CPPUNIT_TEST(testTamperedSignatureRefused);
	CPPUNIT_TEST(testNonCanonicalSignatureRefused);
	CPPUNIT_TEST(testAlgNoneRefused);
	CPPUNIT_TEST(testOtherAlgorithmRefused);
	CPPUNIT_TEST(testWrongSecretRefused);
	CPPUNIT_TEST(testExpiredTokenIsTokenExpired);
	CPPUNIT_TEST(testMemoisedTokenStillExpires);
	CPPUNIT_TEST(testWrongIssuerRefused);
	CPPUNIT_TEST(testFinding12CritHeaderRefused);
	CPPUNIT_TEST(testFinding12NonCanonicalSubjectRefused);
	CPPUNIT_TEST(testAudienceChecked);
	CPPUNIT_TEST(testGarbageRefused);
	CPPUNIT_TEST(testOutOfRangeTimesRefused);
	CPPUNIT_TEST(testRefreshExpiryCappedBySession);
	CPPUNIT_TEST(testAccessLifetimeOfPhoneProfile);
	CPPUNIT_TEST(testShortSecretRefusedByConfig);
	CPPUNIT_TEST(testProductionProfileNeedsSecret);
	CPPUNIT_TEST(testExtraPartRefused);
	CPPUNIT_TEST(testHs256InteroperatesWithPocoSigner);
	CPPUNIT_TEST(testHs256KidInHeader);
	CPPUNIT_TEST(testHs256PayloadIsPocoObjectText);
	CPPUNIT_TEST_SUITE_END();

public:
	void testAccessTokenRoundTrip()
	{
		TokenService svc = makeService();
		IssuedToken issued = svc.issueAccess(42, "supplier", "sid-1");
		TokenClaims claims = svc.verify(issued.token, TokenType::Access);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(42), claims.userId);
		CPPUNIT_ASSERT_EQUAL(std::string("sid-1"), claims.sessionId);
		CPPUNIT_ASSERT_EQUAL(std::string("supplier"), claims.role);
		CPPUNIT_ASSERT_EQUAL(issued.jti, claims.jti);
		CPPUNIT_ASSERT_EQUAL(claims.issuedAt + 900, claims.expiresAt);
	}

	void testClaimsAreIntegers()
	{
		TokenService svc = makeService();
		Poco::JWT::Token token(svc.issueAccess(1, "user", "s").token);
		CPPUNIT_ASSERT(token.payload().get("iat").isInteger());
		CPPUNIT_ASSERT(token.payload().get("exp").isInteger());
		CPPUNIT_ASSERT_EQUAL(std::string("access"), token.payload().getValue<std::string>("typ"));
		CPPUNIT_ASSERT_EQUAL(std::string("HS256"), token.getAlgorithm());
	}

	void testSimpleJwtClaimsOnlyWhileCompatProfilesOn()
	{
		// Docs/COMPAT.md "Tokens": token_type and an integer user_id beside
		// the native claims; verification never requires them.
		TokenService plain = makeService();
		CPPUNIT_ASSERT(!Poco::JWT::Token(plain.issueAccess(7, "user", "s").token).payload().has("token_type"));
		TokenService::Settings s;
		s.secret = SECRET;
		s.simpleJwtClaims = true;
		TokenService compat(s);
		Poco::JWT::Token access(compat.issueAccess(7, "user", "s").token);
		Poco::JWT::Token refresh(compat.issueRefresh(7, "s").token);
		CPPUNIT_ASSERT_EQUAL(std::string("access"), access.payload().getValue<std::string>("token_type"));
		CPPUNIT_ASSERT_EQUAL(std::string("refresh"), refresh.payload().getValue<std::string>("token_type"));
		CPPUNIT_ASSERT(access.payload().get("user_id").isInteger());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), access.payload().getValue<Poco::Int64>("user_id"));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), plain.verify(compat.issueAccess(7, "user", "s").token, TokenType::Access).userId);
	}

	void testRefreshIsNotAccess()
	{
		TokenService svc = makeService();
		IssuedToken refresh = svc.issueRefresh(1, "s");
		IssuedToken access = svc.issueAccess(1, "user", "s");
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, refresh.token, TokenType::Access));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, access.token, TokenType::Refresh));
		TokenClaims c = svc.verify(refresh.token, TokenType::Refresh);
		CPPUNIT_ASSERT_EQUAL(c.issuedAt + 604800, c.expiresAt);
	}

	void testTamperedSignatureRefused()
	{
		TokenService svc = makeService();
		std::string token = svc.issueAccess(1, "user", "s").token;
		// A character in the middle of the signature carries 6 signature
		// bits (the last one has 2 unused bits: see the next test).
		char& c = token[token.rfind('.') + 10];
		c = c == 'A' ? 'B' : 'A';
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token, TokenType::Access));
	}

	void testNonCanonicalSignatureRefused()
	{
		// An HS256 signature is 32 octets = 43 base64url characters; the
		// last one's 2 low bits are unused and must be 0 (RFC 4648 §3.5).
		// Setting them keeps the decoded signature valid, so a lenient
		// decoder would accept a second spelling of the same token.
		TokenService svc = makeService();
		for (int i = 0; i < 8; ++i)
		{
			std::string token = svc.issueAccess(1, "user", "s").token;
			CPPUNIT_ASSERT_NO_THROW(svc.verify(token, TokenType::Access));
			static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
			std::size_t value = alphabet.find(token.back());
			token.back() = alphabet[value | 1];
			CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token, TokenType::Access));
		}
	}

	void testAlgNoneRefused()
	{
		TokenService svc = makeService();
		std::time_t now = std::time(nullptr);
		std::string payload = "{\"iss\":\"authserver\",\"sub\":\"1\",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"admin\",\"iat\":" + std::to_string(now) + ",\"exp\":" + std::to_string(now + 900) + "}";
		std::string token = AuthServer::Core::Base64Url::encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + AuthServer::Core::Base64Url::encode(payload) + ".";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token, TokenType::Access));
		std::string unsignedNoDot = AuthServer::Core::Base64Url::encode("{\"alg\":\"none\"}") + "." + AuthServer::Core::Base64Url::encode(payload);
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, unsignedNoDot, TokenType::Access));
	}

	void testOtherAlgorithmRefused()
	{
		TokenService svc = makeService();
		std::time_t now = std::time(nullptr);
		std::string payload = "{\"iss\":\"authserver\",\"sub\":\"1\",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"user\",\"iat\":" + std::to_string(now) + ",\"exp\":" + std::to_string(now + 900) + "}";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, payload, "HS512"), TokenType::Access));
		CPPUNIT_ASSERT_NO_THROW(svc.verify(signedWith(SECRET, payload, "HS256"), TokenType::Access));
	}

	void testWrongSecretRefused()
	{
		TokenService svc = makeService();
		TokenService::Settings s;
		s.secret = "another-secret-another-secret-another!";
		TokenService other(s);
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, other.issueAccess(1, "user", "s").token, TokenType::Access));
	}

	void testExpiredTokenIsTokenExpired()
	{
		TokenService svc = makeService();
		std::time_t now = std::time(nullptr);
		std::string payload = "{\"iss\":\"authserver\",\"sub\":\"1\",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"user\",\"iat\":" + std::to_string(now - 1000) + ",\"exp\":" + std::to_string(now - 100) + "}";
		CPPUNIT_ASSERT(Problem::TokenExpired == problemOf(svc, signedWith(SECRET, payload), TokenType::Access));
	}

	void testMemoisedTokenStillExpires()
	{
		TokenService::Settings s;
		s.secret = SECRET;
		s.accessLifetime = 1;
		TokenService svc(s);
		waitForFreshSecond();
		std::string token = svc.issueAccess(7, "user", "s").token;
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), svc.verify(token, TokenType::Access).userId);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), svc.verify(token, TokenType::Access).userId); // from the memo
		std::this_thread::sleep_for(std::chrono::milliseconds(2100));
		CPPUNIT_ASSERT(Problem::TokenExpired == problemOf(svc, token, TokenType::Access));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token, TokenType::Refresh));
	}

	void testWrongIssuerRefused()
	{
		TokenService svc = makeService();
		std::time_t now = std::time(nullptr);
		std::string payload = "{\"iss\":\"evil\",\"sub\":\"1\",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"user\",\"iat\":" + std::to_string(now) + ",\"exp\":" + std::to_string(now + 100) + "}";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, payload), TokenType::Access));
	}

	static std::string accessPayload(const std::string& subJson)
	{
		std::time_t now = std::time(nullptr);
		return "{\"iss\":\"authserver\",\"sub\":" + subJson + ",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"user\",\"iat\":" +
			std::to_string(now) + ",\"exp\":" + std::to_string(now + 100) + "}";
	}

	void testFinding12CritHeaderRefused()
	{
		// Issue 17 finding 12, RFC 7515 §4.1.11: a token listing a critical
		// extension the recipient does not understand must be refused.
		TokenService svc = makeService();
		CPPUNIT_ASSERT_NO_THROW(svc.verify(signedWith(SECRET, accessPayload("\"1\"")), TokenType::Access));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, accessPayload("\"1\""), "HS256", "{\"crit\":[\"exp\"],\"exp\":1}"), TokenType::Access));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, accessPayload("\"1\""), "HS256", "{\"crit\":[]}"), TokenType::Access));
	}

	void testFinding12NonCanonicalSubjectRefused()
	{
		// Issue 17 finding 12: only the decimal form issue() writes names a
		// user; "01", "+1", " 1", "1 " and "-1" are not a second spelling of 1.
		TokenService svc = makeService();
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), svc.verify(signedWith(SECRET, accessPayload("\"1\"")), TokenType::Access).userId);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(9223372036854775807LL), svc.verify(signedWith(SECRET, accessPayload("\"9223372036854775807\"")), TokenType::Access).userId);
		for (const char* sub: {"\"01\"", "\"+1\"", "\" 1\"", "\"1 \"", "\"-1\"", "\"0\"", "\"1e0\"", "\"0x1\"", "\"9223372036854775808\"", "1"})
			CPPUNIT_ASSERT_MESSAGE(sub, Problem::InvalidToken == problemOf(svc, signedWith(SECRET, accessPayload(sub)), TokenType::Access));
	}

	void testAudienceChecked()
	{
		TokenService withAud = makeService("api://orders");
		TokenService withoutAud = makeService();
		CPPUNIT_ASSERT_NO_THROW(withAud.verify(withAud.issueAccess(1, "user", "s").token, TokenType::Access));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(withAud, withoutAud.issueAccess(1, "user", "s").token, TokenType::Access));
	}

	void testOutOfRangeTimesRefused()
	{
		// Found by fuzz_jwt (corpus/fuzz_jwt/regress_iat_above_int64): a
		// validly signed token whose iat or exp does not fit an Int64 threw
		// Poco::RangeException out of verify() (a 500); a huge double was
		// cast with undefined behaviour. Both are invalid_token now.
		TokenService svc = makeService();
		std::string head = "{\"iss\":\"authserver\",\"sub\":\"1\",\"sid\":\"s\",\"jti\":\"j\",\"typ\":\"access\",\"role\":\"user\",";
		for (const std::string& times: {std::string("\"iat\":17000410244480000000,\"exp\":4102444800}"),
			std::string("\"iat\":1700000000,\"exp\":18446744073709551615}"),
			std::string("\"iat\":1700000000,\"exp\":1e300}"),
			std::string("\"iat\":-1e300,\"exp\":4102444800}"),
			std::string("\"iat\":1700000000,\"exp\":4102444800.5}")})
		{
			CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, head + times), TokenType::Access));
		}
		CPPUNIT_ASSERT_NO_THROW(svc.verify(signedWith(SECRET, head + "\"iat\":1700000000,\"exp\":4102444800.0}"), TokenType::Access));
	}

	void testGarbageRefused()
	{
		TokenService svc = makeService();
		for (const std::string& junk: {std::string(""), std::string("abc"), std::string("a.b.c"), std::string("...."), std::string(10000, 'x'), std::string("eyJ.eyJ.sig")})
			CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, junk, TokenType::Access));
	}

	void testRefreshExpiryCappedBySession()
	{
		TokenService svc = makeService();
		Poco::Int64 cap = std::time(nullptr) + 60;
		CPPUNIT_ASSERT_EQUAL(cap, svc.issueRefresh(1, "s", cap).expiresAt);
	}

	void testAccessLifetimeOfPhoneProfile()
	{
		// compat.phone.accessTokenLifetime (Docs/COMPAT.md "phone"): the
		// lifetime given, the claims as any access token's.
		TokenService svc = makeService();
		IssuedToken issued = svc.issueAccess(4, "user", "sid-4", 1800);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1800), issued.expiresAt - issued.issuedAt);
		TokenClaims claims = svc.verify(issued.token, TokenType::Access);
		CPPUNIT_ASSERT_EQUAL(std::string("sid-4"), claims.sessionId);
		IssuedToken native = svc.issueAccess(4, "user", "sid-4");
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(900), native.expiresAt - native.issuedAt);
		try
		{
			svc.issueAccess(4, "user", "sid-4", 0);
			CPPUNIT_FAIL("a lifetime of 0 accepted");
		}
		catch (Poco::InvalidArgumentException&)
		{
		}
	}

	void testShortSecretRefusedByConfig()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("jwt.secret", "short");
		try
		{
			TokensSubsystem::readSettings(*cfg);
			CPPUNIT_FAIL("short secret accepted");
		}
		catch (ConfigurationException& exc)
		{
			CPPUNIT_ASSERT_EQUAL(std::string("jwt.secret"), exc.key());
		}
	}

	void testProductionProfileNeedsSecret()
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("app.profile", "production");
		CPPUNIT_ASSERT_THROW(TokensSubsystem::readSettings(*cfg), ConfigurationException);
		cfg->setString("jwt.secret", SECRET);
		CPPUNIT_ASSERT_EQUAL(SECRET, TokensSubsystem::readSettings(*cfg).secret);
	}

	void testExtraPartRefused()
	{
		// RFC 7515 §7.1: a JWS compact token has exactly three parts. POCO
		// splits at every dot and verifies the third part, so the token
		// with its signature repeated as a fourth part verified too: a
		// second spelling of one token (another refresh token hash).
		TokenService svc = makeService();
		std::string token = svc.issueRefresh(1, "s").token;
		std::string signature = token.substr(token.rfind('.') + 1);
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token + "." + signature, TokenType::Refresh));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token + ".", TokenType::Refresh));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, token.substr(0, token.rfind('.')), TokenType::Refresh));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), svc.verify(token, TokenType::Refresh).userId);
	}

	static std::string payloadText(const std::string& token)
	{
		std::size_t first = token.find('.'), last = token.rfind('.');
		std::string bytes;
		CPPUNIT_ASSERT(AuthServer::Core::Base64Url::decodeCanonical(token.substr(first + 1, last - first - 1), bytes));
		return bytes;
	}

	void testHs256PayloadIsPocoObjectText()
	{
		// Issue 14: the HS256 payload is appended as text; it must be the
		// bytes the Poco::JSON::Object of its claims (escapeUnicode, keys
		// in byte order) writes, with non-ASCII, quotes, backslashes and
		// control characters in the strings, with and without aud and the
		// simplejwt claims.
		for (bool simple: {false, true})
		{
			for (const std::string& audience: {std::string(), std::string("api \"x\" \xc3\xa9")})
			{
				TokenService::Settings s;
				s.secret = SECRET;
				s.issuer = "iss/\xe6\x9d\xb1\\ \x01";
				s.audience = audience;
				s.simpleJwtClaims = simple;
				TokenService svc(s);
				for (TokenType type: {TokenType::Access, TokenType::Refresh})
				{
					const std::string sid = "s\xc3\xa9?>~\"\n";
					IssuedToken issued = type == TokenType::Access ? svc.issueAccess(42, "r\xf0\x9f\x98\x80le", sid) : svc.issueRefresh(42, sid);
					Poco::JSON::Object expected;
					expected.setEscapeUnicode(true);
					expected.set("iss", s.issuer);
					expected.set("sub", std::string("42"));
					if (!audience.empty()) expected.set("aud", audience);
					expected.set("iat", issued.issuedAt);
					expected.set("exp", issued.expiresAt);
					expected.set("jti", issued.jti);
					expected.set("typ", std::string(type == TokenType::Access ? "access" : "refresh"));
					expected.set("sid", sid);
					if (type == TokenType::Access) expected.set("role", std::string("r\xf0\x9f\x98\x80le"));
					if (simple)
					{
						expected.set("token_type", type == TokenType::Access ? "access" : "refresh");
						expected.set("user_id", Poco::Int64(42));
					}
					std::ostringstream text;
					expected.stringify(text);
					CPPUNIT_ASSERT_EQUAL(text.str(), payloadText(issued.token));
					CPPUNIT_ASSERT_EQUAL(sid, svc.verify(issued.token, type).sessionId);
				}
			}
		}
	}

	void testHs256InteroperatesWithPocoSigner()
	{
		// The OpenSSL HMAC (HmacSha256) signs what POCO JWT's own HS256
		// verifies, and verifies what POCO JWT signs.
		TokenService svc = makeService();
		Poco::JWT::Signer signer(SECRET);
		Poco::JWT::Token checked = signer.verify(svc.issueAccess(5, "admin", "sid-5").token);
		CPPUNIT_ASSERT_EQUAL(std::string("5"), checked.payload().getValue<std::string>("sub"));
		// Payload lengths of every remainder mod 3 (padding dropped), and
		// the same text as Core::Base64Url (POCO's encoder) writes.
		for (const std::string& sid: {std::string("s"), std::string("s2"), std::string("s23"), std::string("s\xc3\xa9?>~")})
		{
			std::string token = svc.issueRefresh(5, sid).token;
			std::size_t first = token.find('.'), last = token.rfind('.');
			std::string payload = token.substr(first + 1, last - first - 1);
			CPPUNIT_ASSERT(payload.find_first_of("+/=") == std::string::npos);
			std::string bytes;
			CPPUNIT_ASSERT(AuthServer::Core::Base64Url::decodeCanonical(payload, bytes));
			CPPUNIT_ASSERT_EQUAL(payload, AuthServer::Core::Base64Url::encode(bytes));
			Poco::JWT::Token parsed = signer.verify(token);
			CPPUNIT_ASSERT_EQUAL(sid, parsed.payload().getValue<std::string>("sid"));
			CPPUNIT_ASSERT_EQUAL(sid, svc.verify(token, TokenType::Refresh).sessionId);
		}
		CPPUNIT_ASSERT_EQUAL(std::string("JWT"), checked.getType());
		std::time_t now = std::time(nullptr);
		std::string fromPoco = signedWith(SECRET, "{\"typ\":\"refresh\",\"iss\":\"authserver\",\"sub\":\"8\",\"sid\":\"s8\",\"jti\":\"j8\",\"iat\":"
			+ std::to_string(now) + ",\"exp\":" + std::to_string(now + 60) + "}");
		TokenClaims claims = svc.verify(fromPoco, TokenType::Refresh);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(8), claims.userId);
		CPPUNIT_ASSERT_EQUAL(std::string("j8"), claims.jti);
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET + "x", "{\"typ\":\"refresh\",\"iss\":\"authserver\",\"sub\":\"8\",\"sid\":\"s8\",\"jti\":\"j8\",\"iat\":"
			+ std::to_string(now) + ",\"exp\":" + std::to_string(now + 60) + "}"), TokenType::Refresh));
	}

	void testHs256KidInHeader()
	{
		// The header serialized once at construction carries the
		// configured kid, and a token without it or with another is refused.
		TokenService::Settings s;
		s.secret = SECRET;
		s.keyId = "k1";
		TokenService svc(s);
		Poco::JWT::Token token(svc.issueRefresh(3, "s").token);
		CPPUNIT_ASSERT_EQUAL(std::string("k1"), token.header().getValue<std::string>("kid"));
		CPPUNIT_ASSERT_EQUAL(std::string("HS256"), token.getAlgorithm());
		std::time_t now = std::time(nullptr);
		std::string payload = "{\"typ\":\"refresh\",\"iss\":\"authserver\",\"sub\":\"3\",\"sid\":\"s\",\"jti\":\"j\",\"iat\":"
			+ std::to_string(now) + ",\"exp\":" + std::to_string(now + 60) + "}";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, signedWith(SECRET, payload, "HS256", "{\"kid\":\"k2\"}"), TokenType::Refresh));
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(3), svc.verify(signedWith(SECRET, payload, "HS256", "{\"kid\":\"k1\"}"), TokenType::Refresh).userId);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(TokenServiceTest);
