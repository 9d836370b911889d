//
// SigningKeyTest.cpp
//
// RS256/ES256 key loading, signing, verification, rotation and refusals.
//


#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Tokens/SigningKey.h"
#include "AuthServer/Tokens/TokenService.h"
#include "AuthServer/Tokens/TokensSubsystem.h"
#include "FreshSecond.h"
#include "Poco/AutoPtr.h"
#include "Poco/Crypto/RSAKey.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/JSON/Parser.h"
#include "Poco/JSON/Stringifier.h"
#include "Poco/JWT/Signer.h"
#include "Poco/JWT/Token.h"
#include "Poco/Path.h"
#include "Poco/Thread.h"
#include "Poco/TemporaryFile.h"
#include "Poco/Util/MapConfiguration.h"
#include <cppunit/extensions/HelperMacros.h>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>


using namespace AuthServer::Tokens;
using AuthServer::Core::AuthException;
using AuthServer::Core::ConfigurationException;
using AuthServer::Core::Problem;


namespace
{
	// RFC 7638 §3.1 example key; its thumbprint is given in the RFC.
	const std::string RFC7638_PUBLIC_PEM =
		"-----BEGIN PUBLIC KEY-----\n"
		"MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0vx7agoebGcQSuuPiLJX\n"
		"ZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tS\n"
		"oc/BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ/2W+5JsGY4Hc5n9yBXArwl93lqt\n"
		"7/RN5w6Cf0h4QyQ5v+65YGjQR0/FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0\n"
		"zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt+bFTWhAI4vMQFh6WeZu0f\n"
		"M4lFd2NcRwr3XPksINHaQ+G/xBniIqbw0Ls1jF44+csFCur+kEgU8awapJzKnqDK\n"
		"gwIDAQAB\n"
		"-----END PUBLIC KEY-----\n";
	const std::string RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

	std::string readFile(const std::string& path)
	{
		Poco::FileInputStream in(path);
		std::ostringstream out;
		out << in.rdbuf();
		return out.str();
	}

	void writeFile(const std::string& path, const std::string& text)
	{
		Poco::FileOutputStream out(path);
		out << text;
	}

	std::string segment(const std::string& token, int index)
	{
		std::size_t a = 0;
		for (int i = 0; i < index; ++i) a = token.find('.', a) + 1;
		std::size_t b = token.find('.', a);
		return token.substr(a, b == std::string::npos ? std::string::npos : b - a);
	}

	std::string json(const Poco::JSON::Object& object)
	{
		std::ostringstream out;
		Poco::JSON::Stringifier::condense(object, out);
		return out.str();
	}

	Problem problemOf(const TokenService& svc, const std::string& token)
	{
		try
		{
			svc.verify(token, TokenType::Access);
		}
		catch (AuthException& exc)
		{
			return exc.problem();
		}
		CPPUNIT_FAIL("token accepted");
		return Problem::InternalError;
	}
}


class SigningKeyTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(SigningKeyTest);
	CPPUNIT_TEST(testGenerateWritesPrivateKey0600AndRefusesOverwrite);
	CPPUNIT_TEST(testThumbprintMatchesRfc7638Example);
	CPPUNIT_TEST(testJwkHasPublicParametersOnly);
	CPPUNIT_TEST(testRoundTripRS256);
	CPPUNIT_TEST(testRoundTripES256);
	CPPUNIT_TEST(testES256SignatureIsAlways64Bytes);
	CPPUNIT_TEST(testRotationKeepsRetiredKeyValid);
	CPPUNIT_TEST(testExplicitKeyIdSurvivesRotation);
	CPPUNIT_TEST(testAlgNoneRefused);
	CPPUNIT_TEST(testSignatureOfWrongLengthRefused);
	CPPUNIT_TEST(testAlgorithmConfusionRefused);
	CPPUNIT_TEST(testUnknownOrMissingKidRefused);
	CPPUNIT_TEST(testForeignKeyUnderKnownKidRefused);
	CPPUNIT_TEST(testWrongKeyTypeRefused);
	CPPUNIT_TEST(testMemoisedTokenStillExpires);
	CPPUNIT_TEST(testConfigNamesMissingKeyFile);
	CPPUNIT_TEST(testConfigNamesMismatchedPair);
	CPPUNIT_TEST(testConfigRefusesWrongTypeAndSmallRsa);
	CPPUNIT_TEST(testConfigPreviousKeys);
	CPPUNIT_TEST_SUITE_END();

public:
	void setUp() override
	{
		_dir = Poco::TemporaryFile::tempName();
		Poco::File(_dir).createDirectories();
	}

	void tearDown() override
	{
		Poco::File(_dir).remove(true);
	}

	std::string dir(const std::string& name, const std::string& algorithm)
	{
		std::string d = Poco::Path(Poco::Path::forDirectory(_dir), name).toString();
		SigningKey::generate(algorithm, d);
		return d;
	}

	static std::string priv(const std::string& d) { return Poco::Path(Poco::Path::forDirectory(d), "private.pem").toString(); }
	static std::string pub(const std::string& d) { return Poco::Path(Poco::Path::forDirectory(d), "public.pem").toString(); }

	TokenService service(const std::string& algorithm, const std::string& d, std::vector<SigningKey::Ptr> previous = {}, const std::string& kid = "", int accessLifetime = 900)
	{
		TokenService::Settings s;
		s.algorithm = algorithm;
		s.pSigningKey = SigningKey::loadPrivate(algorithm, priv(d), kid);
		s.previousKeys = previous;
		s.accessLifetime = accessLifetime;
		return TokenService(s);
	}

	void testGenerateWritesPrivateKey0600AndRefusesOverwrite()
	{
		for (const char* algorithm: {"RS256", "ES256"})
		{
			std::string d = dir(std::string("gen-") + algorithm, algorithm);
			struct stat st;
			CPPUNIT_ASSERT_EQUAL(0, ::stat(priv(d).c_str(), &st));
			CPPUNIT_ASSERT_EQUAL(0600, static_cast<int>(st.st_mode & 0777));
			SigningKey::Ptr pPair = SigningKey::loadPrivate(algorithm, priv(d));
			SigningKey::Ptr pPublic = SigningKey::loadPublic(algorithm, pub(d));
			CPPUNIT_ASSERT(pPair->canSign());
			CPPUNIT_ASSERT(!pPublic->canSign());
			CPPUNIT_ASSERT(pPair->matches(*pPublic));
			CPPUNIT_ASSERT_EQUAL(pPair->keyId(), pPublic->keyId());
			std::string before = readFile(priv(d));
			CPPUNIT_ASSERT_THROW(SigningKey::generate(algorithm, d), Poco::FileExistsException);
			CPPUNIT_ASSERT_EQUAL(before, readFile(priv(d)));
		}
		CPPUNIT_ASSERT_EQUAL(2048, SigningKey::loadPublic("RS256", pub(Poco::Path(Poco::Path::forDirectory(_dir), "gen-RS256").toString()))->bits());
		CPPUNIT_ASSERT_THROW(SigningKey::generate("HS256", _dir + "/hs"), Poco::InvalidArgumentException);
	}

	void testThumbprintMatchesRfc7638Example()
	{
		std::string path = _dir + "/rfc7638.pem";
		writeFile(path, RFC7638_PUBLIC_PEM);
		SigningKey::Ptr pKey = SigningKey::loadPublic("RS256", path);
		CPPUNIT_ASSERT_EQUAL(RFC7638_THUMBPRINT, pKey->thumbprint());
		CPPUNIT_ASSERT_EQUAL(RFC7638_THUMBPRINT, pKey->keyId());
		CPPUNIT_ASSERT_EQUAL(std::string("AQAB"), pKey->jwk()->getValue<std::string>("e"));
		CPPUNIT_ASSERT_EQUAL(std::string("configured"), SigningKey::loadPublic("RS256", path, "configured")->keyId());
	}

	void testJwkHasPublicParametersOnly()
	{
		SigningKey::Ptr pRsa = SigningKey::loadPrivate("RS256", priv(dir("jwk-rs", "RS256")));
		Poco::JSON::Object::Ptr pJwk = pRsa->jwk();
		CPPUNIT_ASSERT_EQUAL(std::size_t(6), pJwk->size());
		for (const char* name: {"kty", "kid", "alg", "use", "n", "e"}) CPPUNIT_ASSERT(pJwk->has(name));
		CPPUNIT_ASSERT_EQUAL(std::string("sig"), pJwk->getValue<std::string>("use"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(342), pJwk->getValue<std::string>("n").size()); // 256 bytes
		SigningKey::Ptr pEc = SigningKey::loadPrivate("ES256", priv(dir("jwk-ec", "ES256")));
		pJwk = pEc->jwk();
		CPPUNIT_ASSERT_EQUAL(std::size_t(7), pJwk->size());
		for (const char* name: {"kty", "kid", "alg", "use", "crv", "x", "y"}) CPPUNIT_ASSERT(pJwk->has(name));
		CPPUNIT_ASSERT(!pJwk->has("d"));
		CPPUNIT_ASSERT_EQUAL(std::string("P-256"), pJwk->getValue<std::string>("crv"));
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), pJwk->getValue<std::string>("x").size()); // 32 bytes
		CPPUNIT_ASSERT_EQUAL(std::size_t(43), pEc->keyId().size());
	}

	void roundTrip(const std::string& algorithm)
	{
		std::string d = dir("rt-" + algorithm, algorithm);
		TokenService svc = service(algorithm, d);
		CPPUNIT_ASSERT_EQUAL(algorithm, svc.algorithm());
		IssuedToken issued = svc.issueAccess(7, "admin", "sid-7");
		Poco::JWT::Token unverified(issued.token);
		CPPUNIT_ASSERT_EQUAL(algorithm, unverified.getAlgorithm());
		CPPUNIT_ASSERT_EQUAL(SigningKey::loadPublic(algorithm, pub(d))->thumbprint(), unverified.header().getValue<std::string>("kid"));
		TokenClaims claims = svc.verify(issued.token, TokenType::Access);
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(7), claims.userId);
		CPPUNIT_ASSERT_EQUAL(std::string("admin"), claims.role);
		IssuedToken refresh = svc.issueRefresh(7, "sid-7");
		CPPUNIT_ASSERT_EQUAL(std::string("sid-7"), svc.verify(refresh.token, TokenType::Refresh).sessionId);
		CPPUNIT_ASSERT_EQUAL(std::size_t(1), svc.publicKeys()->size());
		// A flipped signature byte is refused.
		std::string bad = issued.token;
		char& c = bad[bad.size() - 5];
		c = c == 'A' ? 'B' : 'A';
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, bad));
	}

	void testRoundTripRS256() { roundTrip("RS256"); }
	void testRoundTripES256() { roundTrip("ES256"); }

	void testES256SignatureIsAlways64Bytes()
	{
		// RFC 7518 §3.4: R and S are each left-padded to 32 bytes. A signer
		// that drops a leading zero byte (1 in 128 tokens) breaks verifiers.
		TokenService svc = service("ES256", dir("es-len", "ES256"));
		for (int i = 0; i < 1000; ++i)
		{
			IssuedToken issued = svc.issueAccess(1, "user", "s");
			CPPUNIT_ASSERT_EQUAL(std::size_t(86), segment(issued.token, 2).size()); // 64 bytes base64url
		}
	}

	void testRotationKeepsRetiredKeyValid()
	{
		for (const char* algorithm: {"RS256", "ES256"})
		{
			std::string oldDir = dir(std::string("old-") + algorithm, algorithm);
			std::string newDir = dir(std::string("new-") + algorithm, algorithm);
			TokenService before = service(algorithm, oldDir);
			IssuedToken old = before.issueAccess(1, "user", "s");
			TokenService after = service(algorithm, newDir, {SigningKey::loadPublic(algorithm, pub(oldDir))});
			CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), after.verify(old.token, TokenType::Access).userId);
			CPPUNIT_ASSERT(after.keyId() != before.keyId());
			Poco::JSON::Array::Ptr pKeys = after.publicKeys();
			CPPUNIT_ASSERT_EQUAL(std::size_t(2), pKeys->size());
			CPPUNIT_ASSERT_EQUAL(after.keyId(), pKeys->getObject(0)->getValue<std::string>("kid"));
			CPPUNIT_ASSERT_EQUAL(before.keyId(), pKeys->getObject(1)->getValue<std::string>("kid"));
			// Once the retired key is removed, its tokens are refused.
			TokenService later = service(algorithm, newDir);
			CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(later, old.token));
			// New tokens are signed by the new key only.
			IssuedToken fresh = after.issueAccess(2, "user", "s");
			CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(before, fresh.token));
		}
	}

	void testExplicitKeyIdSurvivesRotation()
	{
		std::string oldDir = dir("kid-old", "ES256");
		std::string newDir = dir("kid-new", "ES256");
		TokenService before = service("ES256", oldDir, {}, "2026-01");
		IssuedToken old = before.issueAccess(1, "user", "s");
		CPPUNIT_ASSERT_EQUAL(std::string("2026-01"), Poco::JWT::Token(old.token).header().getValue<std::string>("kid"));
		// Retired under its thumbprint: the token's kid "2026-01" is unknown.
		TokenService wrong = service("ES256", newDir, {SigningKey::loadPublic("ES256", pub(oldDir))}, "2026-02");
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(wrong, old.token));
		TokenService right = service("ES256", newDir, {SigningKey::loadPublic("ES256", pub(oldDir), "2026-01")}, "2026-02");
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), right.verify(old.token, TokenType::Access).userId);
	}

	void testAlgNoneRefused()
	{
		std::string d = dir("none", "RS256");
		TokenService svc = service("RS256", d);
		IssuedToken issued = svc.issueAccess(1, "user", "s");
		std::string payload = segment(issued.token, 1);
		std::string forged = AuthServer::Core::Base64Url::encode("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + svc.keyId() + "\"}") + "." + payload + ".";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, forged));
		forged = AuthServer::Core::Base64Url::encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, forged));
	}

	void testSignatureOfWrongLengthRefused()
	{
		// Found by fuzz_jwt (corpus/fuzz_jwt/regress_es256_empty_signature_leak):
		// POCO 1.11 leaked 64 bytes per ES256 token whose signature was not
		// 64 bytes; such tokens are refused before POCO verifies them.
		for (const char* algorithm: {"ES256", "RS256"})
		{
			std::string d = dir(std::string("len-") + algorithm, algorithm);
			TokenService svc = service(algorithm, d);
			IssuedToken issued = svc.issueAccess(1, "user", "s");
			std::string unsigned_ = issued.token.substr(0, issued.token.rfind('.'));
			std::string signature = segment(issued.token, 2);
			for (const std::string& bad: {std::string(), signature.substr(1), signature + "A", std::string("AAAA"), signature + signature})
				CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, unsigned_ + "." + bad));
			CPPUNIT_ASSERT_NO_THROW(svc.verify(issued.token, TokenType::Access));
		}
	}

	void testAlgorithmConfusionRefused()
	{
		// RFC 8725 §2.1: an HS256 token keyed with the public key PEM.
		std::string d = dir("confusion", "RS256");
		TokenService svc = service("RS256", d);
		IssuedToken issued = svc.issueAccess(1, "admin", "s");
		Poco::JWT::Token token(issued.token);
		token.header().set("kid", svc.keyId());
		Poco::JWT::Signer hs(readFile(pub(d)));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, hs.sign(token, "HS256")));
	}

	void testUnknownOrMissingKidRefused()
	{
		// Signed by the server's own key, so only the kid is wrong.
		std::string d = dir("kid", "ES256");
		SigningKey::Ptr pKey = SigningKey::loadPrivate("ES256", priv(d));
		TokenService svc = service("ES256", d);
		IssuedToken issued = svc.issueAccess(1, "user", "s");
		Poco::JWT::Token token(issued.token);
		token.header().set("kid", svc.keyId());
		CPPUNIT_ASSERT_EQUAL(Poco::Int64(1), svc.verify(pKey->signer().sign(token, "ES256"), TokenType::Access).userId);
		token.header().set("kid", "unknown");
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, pKey->signer().sign(token, "ES256")));
		token.header().set("kid", 42);
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, pKey->signer().sign(token, "ES256")));
		token.header().remove("kid");
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, pKey->signer().sign(token, "ES256")));
	}

	void testForeignKeyUnderKnownKidRefused()
	{
		std::string d = dir("mine", "ES256");
		TokenService svc = service("ES256", d);
		TokenService stranger = service("ES256", dir("stranger", "ES256"), {}, svc.keyId());
		CPPUNIT_ASSERT_EQUAL(svc.keyId(), stranger.keyId());
		IssuedToken foreign = stranger.issueAccess(1, "admin", "s");
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(svc, foreign.token));
	}

	void testWrongKeyTypeRefused()
	{
		// An RS256 token presented to an ES256 server, even under the ES kid.
		TokenService es = service("ES256", dir("es", "ES256"));
		TokenService rs = service("RS256", dir("rs", "RS256"), {}, es.keyId());
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(es, rs.issueAccess(1, "user", "s").token));
		CPPUNIT_ASSERT(Problem::InvalidToken == problemOf(rs, es.issueAccess(1, "user", "s").token));
		// Keys of the other type cannot be loaded for an algorithm.
		CPPUNIT_ASSERT_THROW(SigningKey::loadPublic("RS256", pub(Poco::Path(Poco::Path::forDirectory(_dir), "es").toString())), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT_THROW(SigningKey::loadPrivate("ES256", priv(Poco::Path(Poco::Path::forDirectory(_dir), "rs").toString())), Poco::InvalidArgumentException);
		// A retired key of another algorithm is refused by the service.
		TokenService::Settings s;
		s.algorithm = "ES256";
		s.pSigningKey = SigningKey::loadPrivate("ES256", priv(Poco::Path(Poco::Path::forDirectory(_dir), "es").toString()));
		s.previousKeys = {SigningKey::loadPublic("RS256", pub(Poco::Path(Poco::Path::forDirectory(_dir), "rs").toString()))};
		CPPUNIT_ASSERT_THROW(TokenService{s}, Poco::InvalidArgumentException);
	}

	void testMemoisedTokenStillExpires()
	{
		TokenService svc = service("ES256", dir("memo", "ES256"), {}, "", 1);
		waitForFreshSecond();
		IssuedToken issued = svc.issueAccess(1, "user", "s");
		svc.verify(issued.token, TokenType::Access);
		svc.verify(issued.token, TokenType::Access); // memoised
		Poco::Thread::sleep(2100);
		CPPUNIT_ASSERT(Problem::TokenExpired == problemOf(svc, issued.token));
	}

	std::string keyOf(const Poco::Util::AbstractConfiguration& cfg)
	{
		try
		{
			TokensSubsystem::readSettings(cfg);
		}
		catch (ConfigurationException& exc)
		{
			CPPUNIT_ASSERT(exc.message().find("BEGIN") == std::string::npos);
			return exc.key();
		}
		CPPUNIT_FAIL("configuration accepted");
		return "";
	}

	Poco::AutoPtr<Poco::Util::MapConfiguration> config(const std::string& algorithm, const std::string& d)
	{
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg(new Poco::Util::MapConfiguration);
		cfg->setString("jwt.algorithm", algorithm);
		cfg->setString("jwt.privateKeyFile", priv(d));
		cfg->setString("jwt.publicKeyFile", pub(d));
		return cfg;
	}

	void testConfigNamesMissingKeyFile()
	{
		std::string d = dir("cfg-missing", "RS256");
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg = config("RS256", d);
		CPPUNIT_ASSERT(TokensSubsystem::readSettings(*cfg).pSigningKey);
		cfg->setString("jwt.privateKeyFile", d + "/nope.pem");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*cfg));
		cfg->remove("jwt.privateKeyFile");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*cfg));
		cfg = config("RS256", d);
		writeFile(_dir + "/garbage.pem", "not a key\n");
		cfg->setString("jwt.publicKeyFile", _dir + "/garbage.pem");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.publicKeyFile"), keyOf(*cfg));
		if (::geteuid() != 0)
		{
			::chmod(priv(d).c_str(), 0);
			CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*config("RS256", d)));
		}
	}

	void testConfigNamesMismatchedPair()
	{
		std::string a = dir("pair-a", "ES256");
		std::string b = dir("pair-b", "ES256");
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg = config("ES256", a);
		cfg->setString("jwt.publicKeyFile", pub(b));
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.publicKeyFile"), keyOf(*cfg));
	}

	void testConfigRefusesWrongTypeAndSmallRsa()
	{
		std::string es = dir("type-es", "ES256");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*config("RS256", es)));
		std::string rs = dir("type-rs", "RS256");
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*config("ES256", rs)));
		std::string small = _dir + "/small";
		Poco::File(small).createDirectories();
		Poco::Crypto::RSAKey(Poco::Crypto::RSAKey::KL_1024, Poco::Crypto::RSAKey::EXP_LARGE).save(pub(small), priv(small));
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*config("RS256", small)));
		CPPUNIT_ASSERT_THROW(SigningKey::loadPublic("RS256", pub(small)), Poco::InvalidArgumentException);
		// An EC key on another curve than P-256.
		std::string p384 = _dir + "/p384";
		Poco::File(p384).createDirectories();
		Poco::Crypto::ECKey("secp384r1").save(pub(p384), priv(p384));
		CPPUNIT_ASSERT_EQUAL(std::string("jwt.privateKeyFile"), keyOf(*config("ES256", p384)));
	}

	void testConfigPreviousKeys()
	{
		std::string current = dir("prev-current", "RS256");
		std::string old1 = dir("prev-old1", "RS256");
		std::string old2 = dir("prev-old2", "RS256");
		Poco::AutoPtr<Poco::Util::MapConfiguration> cfg = config("RS256", current);
		cfg->setString("jwt.keyId", "k3");
		cfg->setString("jwt.previousPublicKeyFiles", "k1=" + pub(old1) + " , " + pub(old2));
		TokenService::Settings s = TokensSubsystem::readSettings(*cfg);
		CPPUNIT_ASSERT_EQUAL(std::string("k3"), s.pSigningKey->keyId());
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.previousKeys.size());
		CPPUNIT_ASSERT_EQUAL(std::string("k1"), s.previousKeys[0]->keyId());
		CPPUNIT_ASSERT_EQUAL(s.previousKeys[1]->thumbprint(), s.previousKeys[1]->keyId());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), TokenService(s).publicKeys()->size());
		for (const std::string& bad: {"k1=" + pub(old1) + ",k1=" + pub(old2), "=" + pub(old1), pub(current), _dir + "/missing.pem",
			pub(dir("prev-es", "ES256"))})
		{
			cfg->setString("jwt.previousPublicKeyFiles", bad);
			CPPUNIT_ASSERT_EQUAL(std::string("jwt.previousPublicKeyFiles"), keyOf(*cfg));
		}
	}

private:
	std::string _dir;
};


CPPUNIT_TEST_SUITE_REGISTRATION(SigningKeyTest);
