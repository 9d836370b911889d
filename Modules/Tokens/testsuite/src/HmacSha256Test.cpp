//
// HmacSha256Test.cpp
//


#include "AuthServer/Tokens/HmacSha256.h"
#include "Poco/DigestEngine.h"
#include "Poco/HMACEngine.h"
#include "Poco/SHA2Engine.h"
#include <cppunit/extensions/HelperMacros.h>
#include <thread>
#include <vector>


using AuthServer::Tokens::HmacSha256;


namespace
{
	std::string hex(const std::string& bytes)
	{
		return Poco::DigestEngine::digestToHex(Poco::DigestEngine::Digest(bytes.begin(), bytes.end()));
	}

	class Sha256Engine: public Poco::SHA2Engine
		/// SHA2Engine with the constants HMACEngine needs, as POCO JWT's
		/// own HS256 declares it.
	{
	public:
		enum
		{
			BLOCK_SIZE = 64,
			DIGEST_SIZE = 32
		};

		Sha256Engine():
			Poco::SHA2Engine(Poco::SHA2Engine::SHA_256)
		{
		}
	};

	std::string pocoHmac(const std::string& key, const std::string& data)
	{
		Poco::HMACEngine<Sha256Engine> engine(key);
		engine.update(data);
		const Poco::DigestEngine::Digest& digest = engine.digest();
		return std::string(digest.begin(), digest.end());
	}
}


class HmacSha256Test: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(HmacSha256Test);
	CPPUNIT_TEST(testRfc4231Vectors);
	CPPUNIT_TEST(testSameAsPocoHmac);
	CPPUNIT_TEST(testVerify);
	CPPUNIT_TEST(testConcurrentUse);
	CPPUNIT_TEST_SUITE_END();

public:
	void testRfc4231Vectors()
	{
		// RFC 4231 §4.3 (test case 2) and §4.7 (test case 6: a key longer
		// than the block, hashed first).
		HmacSha256 jefe("Jefe");
		std::string data = "what do ya want for nothing?";
		CPPUNIT_ASSERT_EQUAL(std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"), hex(jefe.mac(data.data(), data.size())));
		HmacSha256 longKey(std::string(131, '\xaa'));
		std::string text = "Test Using Larger Than Block-Size Key - Hash Key First";
		CPPUNIT_ASSERT_EQUAL(std::string("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"), hex(longKey.mac(text.data(), text.size())));
	}

	void testSameAsPocoHmac()
	{
		// The MAC POCO JWT's HS256 computes (HMACEngine<SHA2Engine>), for
		// lengths around the 64-byte block, and the same context reused.
		std::string key = "0123456789abcdef0123456789abcdef-test";
		HmacSha256 mac(key);
		for (std::size_t n: {0, 1, 55, 56, 63, 64, 65, 300})
		{
			std::string data(n, 'x');
			for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<char>('a' + i % 26);
			CPPUNIT_ASSERT_EQUAL(hex(pocoHmac(key, data)), hex(mac.mac(data.data(), data.size())));
		}
	}

	void testVerify()
	{
		HmacSha256 mac("a key of thirty-two bytes or more, for HS256");
		std::string data = "header.payload";
		std::string good = mac.mac(data.data(), data.size());
		CPPUNIT_ASSERT(mac.verify(data.data(), data.size(), good));
		std::string bad = good;
		bad[31] ^= 1;
		CPPUNIT_ASSERT(!mac.verify(data.data(), data.size(), bad));
		CPPUNIT_ASSERT(!mac.verify(data.data(), data.size(), good.substr(0, 31)));
		CPPUNIT_ASSERT(!mac.verify(data.data(), data.size(), ""));
		CPPUNIT_ASSERT(!mac.verify(data.data(), data.size() - 1, good));
	}

	void testConcurrentUse()
	{
		// One keyed context shared by request threads, as TokenService does.
		HmacSha256 mac("a key of thirty-two bytes or more, for HS256");
		std::string data = "header.payload";
		std::string expected = mac.mac(data.data(), data.size());
		std::vector<std::thread> threads;
		std::vector<int> wrong(4, 0);
		for (int t = 0; t < 4; ++t)
			threads.emplace_back([&, t] { for (int i = 0; i < 500; ++i) if (mac.mac(data.data(), data.size()) != expected) ++wrong[t]; });
		for (std::thread& thread: threads) thread.join();
		for (int w: wrong) CPPUNIT_ASSERT_EQUAL(0, w);
	}
};


CPPUNIT_TEST_SUITE_REGISTRATION(HmacSha256Test);
