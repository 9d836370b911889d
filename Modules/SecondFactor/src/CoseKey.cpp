//
// CoseKey.cpp
//


#include "AuthServer/SecondFactor/CoseKey.h"
#include "AuthServer/SecondFactor/CborItem.h"
#include "AuthServer/SecondFactor/WebAuthnException.h"
#include "Poco/Types.h"
#include <cbor.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <map>


namespace AuthServer {
namespace SecondFactor {


namespace
{
	// COSE_Key labels (RFC 9052 §7.1) and key-type parameters (RFC 9053 §7).
	constexpr Poco::Int64 KTY = 1;
	constexpr Poco::Int64 ALG = 3;
	constexpr Poco::Int64 CRV_OR_N = -1;
	constexpr Poco::Int64 X_OR_E = -2;
	constexpr Poco::Int64 Y = -3;
	constexpr Poco::Int64 KTY_OKP = 1;
	constexpr Poco::Int64 KTY_EC2 = 2;
	constexpr Poco::Int64 KTY_RSA = 3;
	constexpr Poco::Int64 CRV_P256 = 1;
	constexpr Poco::Int64 CRV_ED25519 = 6;

	WebAuthnException malformed()
	{
		return WebAuthnException("malformed public key");
	}

	// A member is an integer or a definite byte string.
	struct Member
	{
		bool isInt = false;
		Poco::Int64 integer = 0;
		std::string bytes;
	};

	bool readInt(cbor_item_t* item, Poco::Int64& out)
	{
		if (cbor_isa_uint(item))
		{
			uint64_t v = cbor_get_int(item);
			if (v > 0x7fffffffffffffffULL) return false;
			out = static_cast<Poco::Int64>(v);
			return true;
		}
		if (cbor_isa_negint(item))
		{
			uint64_t v = cbor_get_int(item);
			if (v > 0x7ffffffffffffffeULL) return false;
			out = -1 - static_cast<Poco::Int64>(v);
			return true;
		}
		return false;
	}

	std::map<Poco::Int64, Member> members(const std::string& cbor)
	{
		struct cbor_load_result result;
		CborItem root(cbor_load(reinterpret_cast<const unsigned char*>(cbor.data()), cbor.size(), &result));
		if (!root.p || result.error.code != CBOR_ERR_NONE || result.read != cbor.size()) throw malformed();
		if (!cbor_isa_map(root.p) || !cbor_map_is_definite(root.p)) throw malformed();
		std::map<Poco::Int64, Member> out;
		struct cbor_pair* pairs = cbor_map_handle(root.p);
		for (std::size_t i = 0; i < cbor_map_size(root.p); ++i)
		{
			Poco::Int64 label;
			if (!readInt(pairs[i].key, label)) continue;   // text labels are not used by these key types
			if (out.count(label)) throw malformed();
			Member m;
			if (readInt(pairs[i].value, m.integer)) m.isInt = true;
			else if (cbor_isa_bytestring(pairs[i].value) && cbor_bytestring_is_definite(pairs[i].value))
				m.bytes.assign(reinterpret_cast<const char*>(cbor_bytestring_handle(pairs[i].value)), cbor_bytestring_length(pairs[i].value));
			else continue;
			out[label] = m;
		}
		return out;
	}

	Poco::Int64 intMember(const std::map<Poco::Int64, Member>& m, Poco::Int64 label)
	{
		auto it = m.find(label);
		if (it == m.end() || !it->second.isInt) throw malformed();
		return it->second.integer;
	}

	const std::string& bytesMember(const std::map<Poco::Int64, Member>& m, Poco::Int64 label)
	{
		auto it = m.find(label);
		if (it == m.end() || it->second.isInt || it->second.bytes.empty()) throw malformed();
		return it->second.bytes;
	}

	struct ParamBuilder
	{
		ParamBuilder(): p(OSSL_PARAM_BLD_new()) { if (!p) throw malformed(); }
		~ParamBuilder() { OSSL_PARAM_BLD_free(p); }
		OSSL_PARAM_BLD* p;
	};

	EVP_PKEY* fromData(const char* type, OSSL_PARAM_BLD* builder)
	{
		OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
		EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
		EVP_PKEY* key = nullptr;
		bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 && EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
		EVP_PKEY_CTX_free(ctx);
		OSSL_PARAM_free(params);
		if (!ok)
		{
			EVP_PKEY_free(key);
			throw malformed();
		}
		return key;
	}

	EVP_PKEY* ec2Key(const std::map<Poco::Int64, Member>& m)
	{
		if (intMember(m, CRV_OR_N) != CRV_P256) throw WebAuthnException("unsupported algorithm");
		const std::string& x = bytesMember(m, X_OR_E);
		const std::string& y = bytesMember(m, Y);
		if (x.size() != 32 || y.size() != 32) throw malformed();
		std::string point = "\x04" + x + y;   // SEC 1 §2.3.3 uncompressed point
		ParamBuilder builder;
		if (OSSL_PARAM_BLD_push_utf8_string(builder.p, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1
			|| OSSL_PARAM_BLD_push_octet_string(builder.p, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1)
			throw malformed();
		EVP_PKEY* key = fromData("EC", builder.p);
		// fromdata decodes the point; check it against the curve as well.
		EVP_PKEY_CTX* check = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
		bool valid = check && EVP_PKEY_public_check(check) == 1;
		EVP_PKEY_CTX_free(check);
		if (!valid)
		{
			EVP_PKEY_free(key);
			throw malformed();
		}
		return key;
	}

	EVP_PKEY* rsaKey(const std::map<Poco::Int64, Member>& m)
	{
		const std::string& n = bytesMember(m, CRV_OR_N);
		const std::string& e = bytesMember(m, X_OR_E);
		if (n.size() < 256 || n.size() > 1024 || e.size() > 8) throw malformed();
		std::unique_ptr<BIGNUM, void (*)(BIGNUM*)> bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr), BN_free);
		std::unique_ptr<BIGNUM, void (*)(BIGNUM*)> be(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr), BN_free);
		if (!bn || !be || BN_num_bits(bn.get()) < 2048) throw malformed();
		ParamBuilder builder;
		if (OSSL_PARAM_BLD_push_BN(builder.p, OSSL_PKEY_PARAM_RSA_N, bn.get()) != 1
			|| OSSL_PARAM_BLD_push_BN(builder.p, OSSL_PKEY_PARAM_RSA_E, be.get()) != 1)
			throw malformed();
		return fromData("RSA", builder.p);
	}

	EVP_PKEY* okpKey(const std::map<Poco::Int64, Member>& m)
	{
		if (intMember(m, CRV_OR_N) != CRV_ED25519) throw WebAuthnException("unsupported algorithm");
		const std::string& x = bytesMember(m, X_OR_E);
		if (x.size() != 32) throw malformed();
		EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size());
		if (!key) throw malformed();
		return key;
	}
}


CoseKey::CoseKey(int algorithm, EVP_PKEY* pKey):
	_algorithm(algorithm),
	_pKey(pKey, EVP_PKEY_free)
{
}


CoseKey CoseKey::parse(const std::string& cbor)
{
	std::map<Poco::Int64, Member> m = members(cbor);
	Poco::Int64 kty = intMember(m, KTY);
	Poco::Int64 alg = intMember(m, ALG);
	if (alg == ES256 && kty == KTY_EC2) return CoseKey(ES256, ec2Key(m));
	if (alg == RS256 && kty == KTY_RSA) return CoseKey(RS256, rsaKey(m));
	if (alg == EDDSA && kty == KTY_OKP) return CoseKey(EDDSA, okpKey(m));
	throw WebAuthnException("unsupported algorithm");
}


int CoseKey::algorithm() const
{
	return _algorithm;
}


bool CoseKey::verify(const std::string& data, const std::string& signature) const
{
	EVP_MD_CTX* ctx = EVP_MD_CTX_new();
	if (!ctx) return false;
	const EVP_MD* md = _algorithm == EDDSA ? nullptr : EVP_sha256();
	bool ok = EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, _pKey.get()) == 1
		&& EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
			reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
	EVP_MD_CTX_free(ctx);
	return ok;
}


} } // namespace AuthServer::SecondFactor
