//
// WebAuthnVerifierTest.cpp
//
// The relying party's checks of a registration and an assertion, each
// refusal on its own. Keys are made here with OpenSSL, the CBOR built with
// libcbor, as an authenticator would.
//


#include "AuthServer/SecondFactor/CoseKey.h"
#include "AuthServer/SecondFactor/WebAuthnException.h"
#include "AuthServer/SecondFactor/WebAuthnVerifier.h"
#include "AuthServer/Core/Base64Url.h"
#include "Poco/SHA2Engine.h"
#include <cbor.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <cppunit/extensions/HelperMacros.h>
#include <cstdlib>
#include <functional>
#include <memory>


using namespace AuthServer::SecondFactor;
using AuthServer::Core::Base64Url;


namespace
{
	const std::string RP_ID = "login.example.test";
	const std::string ORIGIN = "https://login.example.test";
	const std::string CHALLENGE = std::string("0123456789abcdef0123456789abcdef");

	std::string sha256(const std::string& data)
	{
		Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
		sha.update(data);
		const Poco::DigestEngine::Digest& d = sha.digest();
		return std::string(d.begin(), d.end());
	}

	std::string serialize(cbor_item_t* item)
	{
		unsigned char* buffer = nullptr;
		std::size_t size = 0;
		std::size_t length = cbor_serialize_alloc(item, &buffer, &size);
		std::string out(reinterpret_cast<const char*>(buffer), length);
		std::free(buffer);
		cbor_decref(&item);
		return out;
	}

	cbor_item_t* cborInt(int v)
	{
		return v >= 0 ? cbor_build_uint32(static_cast<uint32_t>(v)) : cbor_build_negint32(static_cast<uint32_t>(-1 - v));
	}

	cbor_item_t* cborBytes(const std::string& b)
	{
		return cbor_build_bytestring(reinterpret_cast<const unsigned char*>(b.data()), b.size());
	}

	void put(cbor_item_t* map, cbor_item_t* key, cbor_item_t* value)
	{
		struct cbor_pair pair;
		pair.key = cbor_move(key);
		pair.value = cbor_move(value);
		cbor_map_add(map, pair);
	}

	std::string bnBytes(EVP_PKEY* key, const char* name)
	{
		BIGNUM* bn = nullptr;
		EVP_PKEY_get_bn_param(key, name, &bn);
		std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
		BN_bn2bin(bn, reinterpret_cast<unsigned char*>(&out[0]));
		BN_free(bn);
		return out;
	}

	// A software authenticator holding one key.
	struct Authenticator
	{
		int alg;
		std::shared_ptr<EVP_PKEY> key;
		std::string credentialId = "credential-id-0001";

		explicit Authenticator(int algorithm): alg(algorithm)
		{
			EVP_PKEY* k = nullptr;
			if (alg == CoseKey::ES256) k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
			else if (alg == CoseKey::RS256) k = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048));
			else k = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
			key.reset(k, EVP_PKEY_free);
		}

		std::string coseKey(int claimedAlg = 0) const
		{
			cbor_item_t* map = cbor_new_definite_map(5);
			int a = claimedAlg ? claimedAlg : alg;
			if (alg == CoseKey::ES256)
			{
				unsigned char point[65];
				std::size_t length = 0;
				EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point, sizeof(point), &length);
				put(map, cborInt(1), cborInt(2));
				put(map, cborInt(3), cborInt(a));
				put(map, cborInt(-1), cborInt(1));
				put(map, cborInt(-2), cborBytes(std::string(reinterpret_cast<char*>(point) + 1, 32)));
				put(map, cborInt(-3), cborBytes(std::string(reinterpret_cast<char*>(point) + 33, 32)));
			}
			else if (alg == CoseKey::RS256)
			{
				put(map, cborInt(1), cborInt(3));
				put(map, cborInt(3), cborInt(a));
				put(map, cborInt(-1), cborBytes(bnBytes(key.get(), OSSL_PKEY_PARAM_RSA_N)));
				put(map, cborInt(-2), cborBytes(bnBytes(key.get(), OSSL_PKEY_PARAM_RSA_E)));
			}
			else
			{
				unsigned char raw[32];
				std::size_t length = sizeof(raw);
				EVP_PKEY_get_raw_public_key(key.get(), raw, &length);
				put(map, cborInt(1), cborInt(1));
				put(map, cborInt(3), cborInt(a));
				put(map, cborInt(-1), cborInt(6));
				put(map, cborInt(-2), cborBytes(std::string(reinterpret_cast<char*>(raw), length)));
			}
			return serialize(map);
		}

		static std::string header(const std::string& rpId, unsigned char flags, Poco::UInt32 counter)
		{
			std::string out = sha256(rpId);
			out += static_cast<char>(flags);
			out += static_cast<char>((counter >> 24) & 0xff);
			out += static_cast<char>((counter >> 16) & 0xff);
			out += static_cast<char>((counter >> 8) & 0xff);
			out += static_cast<char>(counter & 0xff);
			return out;
		}

		std::string attestationObject(const std::string& rpId, unsigned char flags, const std::string& cose) const
		{
			std::string authData = header(rpId, flags | 0x40, 0);
			authData += std::string(16, '\0');   // aaguid
			authData += static_cast<char>(credentialId.size() >> 8);
			authData += static_cast<char>(credentialId.size() & 0xff);
			authData += credentialId + cose;
			cbor_item_t* map = cbor_new_definite_map(3);
			put(map, cbor_build_string("fmt"), cbor_build_string("none"));
			put(map, cbor_build_string("attStmt"), cbor_new_definite_map(0));
			put(map, cbor_build_string("authData"), cborBytes(authData));
			return serialize(map);
		}

		std::string sign(const std::string& data) const
		{
			EVP_MD_CTX* ctx = EVP_MD_CTX_new();
			EVP_DigestSignInit(ctx, nullptr, alg == CoseKey::EDDSA ? nullptr : EVP_sha256(), nullptr, key.get());
			std::size_t length = 0;
			EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()), data.size());
			std::string sig(length, '\0');
			EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(&sig[0]), &length, reinterpret_cast<const unsigned char*>(data.data()), data.size());
			EVP_MD_CTX_free(ctx);
			sig.resize(length);
			return sig;
		}
	};

	std::string clientData(const std::string& type, const std::string& challenge, const std::string& origin)
	{
		return "{\"type\":\"" + type + "\",\"challenge\":\"" + Base64Url::encode(challenge) + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}";
	}

	// An assertion with everything right unless a parameter says otherwise.
	struct Get
	{
		std::string type = "webauthn.get";
		std::string challenge = CHALLENGE;
		std::string origin = ORIGIN;
		std::string rpId = RP_ID;
		unsigned char flags = 0x05;   // UP | UV
		Poco::UInt32 counter = 8;
	};
}


class WebAuthnVerifierTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(WebAuthnVerifierTest);
	CPPUNIT_TEST(testRegistrationOfEachAlgorithmAccepted);
	CPPUNIT_TEST(testRegistrationWrongOriginRefused);
	CPPUNIT_TEST(testRegistrationWrongRpIdRefused);
	CPPUNIT_TEST(testRegistrationWrongChallengeRefused);
	CPPUNIT_TEST(testRegistrationWrongTypeRefused);
	CPPUNIT_TEST(testRegistrationWithoutUserPresenceRefused);
	CPPUNIT_TEST(testRegistrationWithoutUserVerificationRefusedWhenRequired);
	CPPUNIT_TEST(testRegistrationUnsupportedAlgorithmRefused);
	CPPUNIT_TEST(testRegistrationMalformedCborRefused);
	CPPUNIT_TEST(testAssertionOfEachAlgorithmAccepted);
	CPPUNIT_TEST(testAssertionWrongOriginRefused);
	CPPUNIT_TEST(testAssertionWrongRpIdRefused);
	CPPUNIT_TEST(testAssertionWrongChallengeRefused);
	CPPUNIT_TEST(testAssertionWrongTypeRefused);
	CPPUNIT_TEST(testAssertionWithoutUserPresenceRefused);
	CPPUNIT_TEST(testAssertionWithoutUserVerificationRefusedWhenRequired);
	CPPUNIT_TEST(testAssertionCounterNotGrowingRefused);
	CPPUNIT_TEST(testAssertionBothCountersZeroAccepted);
	CPPUNIT_TEST(testAssertionBadSignatureRefused);
	CPPUNIT_TEST(testAssertionSignatureOfAnotherKeyRefused);
	CPPUNIT_TEST(testAssertionUnsupportedAlgorithmRefused);
	CPPUNIT_TEST_SUITE_END();

public:
	WebAuthnVerifier verifier{RP_ID, {ORIGIN, "https://other.example.test"}};

	static std::string reason(const std::function<void()>& f)
	{
		try
		{
			f();
		}
		catch (WebAuthnException& exc)
		{
			return exc.message();
		}
		return "accepted";
	}

	std::string registerWith(const Authenticator& a, const std::string& type, const std::string& challenge, const std::string& origin,
		const std::string& rpId, unsigned char flags, bool requireUv, const std::string& cose = "")
	{
		return reason([&]
		{
			WebAuthnVerifier::Registration r = verifier.verifyRegistration(clientData(type, challenge, origin),
				a.attestationObject(rpId, flags, cose.empty() ? a.coseKey() : cose), CHALLENGE, requireUv);
			CPPUNIT_ASSERT_EQUAL(a.credentialId, r.credentialId);
			CPPUNIT_ASSERT_EQUAL(a.alg, r.algorithm);
		});
	}

	std::string assertWith(const Authenticator& a, const Get& get, Poco::UInt32 stored = 7, bool requireUv = true, const std::string& cose = "")
	{
		std::string authData = Authenticator::header(get.rpId, get.flags, get.counter);
		std::string cd = clientData(get.type, get.challenge, get.origin);
		std::string sig = a.sign(authData + sha256(cd));
		return reason([&]
		{
			WebAuthnVerifier::Assertion r = verifier.verifyAssertion(cd, authData, sig, CHALLENGE, cose.empty() ? a.coseKey() : cose, stored, requireUv);
			CPPUNIT_ASSERT_EQUAL(get.counter, r.signCount);
		});
	}

	void testRegistrationOfEachAlgorithmAccepted()
	{
		for (int alg: {CoseKey::ES256, CoseKey::RS256, CoseKey::EDDSA})
		{
			Authenticator a(alg);
			CPPUNIT_ASSERT_EQUAL(std::string("accepted"), registerWith(a, "webauthn.create", CHALLENGE, ORIGIN, RP_ID, 0x05, true));
			// The second allowed origin too; UV not asked for.
			CPPUNIT_ASSERT_EQUAL(std::string("accepted"), registerWith(a, "webauthn.create", CHALLENGE, "https://other.example.test", RP_ID, 0x01, false));
		}
	}

	void testRegistrationWrongOriginRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("origin not allowed"), registerWith(a, "webauthn.create", CHALLENGE, "https://evil.example.test", RP_ID, 0x05, false));
		CPPUNIT_ASSERT_EQUAL(std::string("origin not allowed"), registerWith(a, "webauthn.create", CHALLENGE, "http://login.example.test", RP_ID, 0x05, false));
	}

	void testRegistrationWrongRpIdRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("wrong rpId"), registerWith(a, "webauthn.create", CHALLENGE, ORIGIN, "example.test", 0x05, false));
	}

	void testRegistrationWrongChallengeRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("wrong challenge"), registerWith(a, "webauthn.create", "another challenge", ORIGIN, RP_ID, 0x05, false));
	}

	void testRegistrationWrongTypeRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("wrong type"), registerWith(a, "webauthn.get", CHALLENGE, ORIGIN, RP_ID, 0x05, false));
	}

	void testRegistrationWithoutUserPresenceRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("user not present"), registerWith(a, "webauthn.create", CHALLENGE, ORIGIN, RP_ID, 0x04, false));
	}

	void testRegistrationWithoutUserVerificationRefusedWhenRequired()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("user not verified"), registerWith(a, "webauthn.create", CHALLENGE, ORIGIN, RP_ID, 0x01, true));
	}

	void testRegistrationUnsupportedAlgorithmRefused()
	{
		Authenticator a(CoseKey::ES256);
		// ES384 (-35) claimed for a P-256 key; PS256 (-37).
		CPPUNIT_ASSERT_EQUAL(std::string("unsupported algorithm"), registerWith(a, "webauthn.create", CHALLENGE, ORIGIN, RP_ID, 0x05, false, a.coseKey(-35)));
		Authenticator r(CoseKey::RS256);
		CPPUNIT_ASSERT_EQUAL(std::string("unsupported algorithm"), registerWith(r, "webauthn.create", CHALLENGE, ORIGIN, RP_ID, 0x05, false, r.coseKey(-37)));
	}

	void testRegistrationMalformedCborRefused()
	{
		CPPUNIT_ASSERT(reason([&] { verifier.verifyRegistration(clientData("webauthn.create", CHALLENGE, ORIGIN), "\xa3\x63""fmt", CHALLENGE, false); }).find("malformed") == 0);
		CPPUNIT_ASSERT(reason([&] { verifier.verifyRegistration("not json", "", CHALLENGE, false); }).find("malformed") == 0);
	}

	void testAssertionOfEachAlgorithmAccepted()
	{
		for (int alg: {CoseKey::ES256, CoseKey::RS256, CoseKey::EDDSA})
		{
			Authenticator a(alg);
			CPPUNIT_ASSERT_EQUAL(std::string("accepted"), assertWith(a, Get()));
		}
	}

	void testAssertionWrongOriginRefused()
	{
		Get get;
		get.origin = "https://login.example.test:8443";
		CPPUNIT_ASSERT_EQUAL(std::string("origin not allowed"), assertWith(Authenticator(CoseKey::ES256), get));
	}

	void testAssertionWrongRpIdRefused()
	{
		Get get;
		get.rpId = "evil.example.test";
		CPPUNIT_ASSERT_EQUAL(std::string("wrong rpId"), assertWith(Authenticator(CoseKey::ES256), get));
	}

	void testAssertionWrongChallengeRefused()
	{
		Get get;
		get.challenge = "0123456789abcdef0123456789abcdeF";
		CPPUNIT_ASSERT_EQUAL(std::string("wrong challenge"), assertWith(Authenticator(CoseKey::ES256), get));
	}

	void testAssertionWrongTypeRefused()
	{
		Get get;
		get.type = "webauthn.create";
		CPPUNIT_ASSERT_EQUAL(std::string("wrong type"), assertWith(Authenticator(CoseKey::ES256), get));
	}

	void testAssertionWithoutUserPresenceRefused()
	{
		Get get;
		get.flags = 0x04;
		CPPUNIT_ASSERT_EQUAL(std::string("user not present"), assertWith(Authenticator(CoseKey::ES256), get));
	}

	void testAssertionWithoutUserVerificationRefusedWhenRequired()
	{
		Get get;
		get.flags = 0x01;
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("user not verified"), assertWith(a, get, 7, true));
		CPPUNIT_ASSERT_EQUAL(std::string("accepted"), assertWith(a, get, 7, false));   // as a second factor
	}

	void testAssertionCounterNotGrowingRefused()
	{
		Get get;
		get.counter = 7;
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("sign counter did not grow"), assertWith(a, get, 7));
		CPPUNIT_ASSERT_EQUAL(std::string("sign counter did not grow"), assertWith(a, get, 9));
		get.counter = 0;
		CPPUNIT_ASSERT_EQUAL(std::string("sign counter did not grow"), assertWith(a, get, 9));
	}

	void testAssertionBothCountersZeroAccepted()
	{
		Get get;
		get.counter = 0;
		CPPUNIT_ASSERT_EQUAL(std::string("accepted"), assertWith(Authenticator(CoseKey::ES256), get, 0));
	}

	void testAssertionBadSignatureRefused()
	{
		Authenticator a(CoseKey::ES256);
		std::string authData = Authenticator::header(RP_ID, 0x05, 8);
		std::string cd = clientData("webauthn.get", CHALLENGE, ORIGIN);
		std::string sig = a.sign(authData + sha256(cd));
		// The signature of other data: a tampered counter.
		std::string tampered = Authenticator::header(RP_ID, 0x05, 9);
		CPPUNIT_ASSERT_EQUAL(std::string("bad signature"), reason([&] { verifier.verifyAssertion(cd, tampered, sig, CHALLENGE, a.coseKey(), 7, true); }));
		sig[sig.size() - 1] ^= 1;
		CPPUNIT_ASSERT_EQUAL(std::string("bad signature"), reason([&] { verifier.verifyAssertion(cd, authData, sig, CHALLENGE, a.coseKey(), 7, true); }));
		CPPUNIT_ASSERT_EQUAL(std::string("bad signature"), reason([&] { verifier.verifyAssertion(cd, authData, "", CHALLENGE, a.coseKey(), 7, true); }));
	}

	void testAssertionSignatureOfAnotherKeyRefused()
	{
		for (int alg: {CoseKey::ES256, CoseKey::RS256, CoseKey::EDDSA})
		{
			Authenticator a(alg);
			Authenticator other(alg);
			CPPUNIT_ASSERT_EQUAL(std::string("bad signature"), assertWith(a, Get(), 7, true, other.coseKey()));
		}
	}

	void testAssertionUnsupportedAlgorithmRefused()
	{
		Authenticator a(CoseKey::ES256);
		CPPUNIT_ASSERT_EQUAL(std::string("unsupported algorithm"), assertWith(a, Get(), 7, true, a.coseKey(-36)));
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(WebAuthnVerifierTest);
