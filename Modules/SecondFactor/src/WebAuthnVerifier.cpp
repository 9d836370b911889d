//
// WebAuthnVerifier.cpp
//


#include "AuthServer/SecondFactor/WebAuthnVerifier.h"
#include "AuthServer/SecondFactor/CoseKey.h"
#include "AuthServer/SecondFactor/CborItem.h"
#include "AuthServer/SecondFactor/WebAuthnException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Core/Digests.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/SHA2Engine.h"
#include <cbor.h>
#include <algorithm>


namespace AuthServer {
namespace SecondFactor {


namespace
{
	// Authenticator data flags (WebAuthn L2 §6.1).
	constexpr unsigned char FLAG_UP = 0x01;
	constexpr unsigned char FLAG_UV = 0x04;
	constexpr unsigned char FLAG_BE = 0x08;
	constexpr unsigned char FLAG_AT = 0x40;
	constexpr unsigned char FLAG_ED = 0x80;
	constexpr std::size_t AUTH_DATA_HEADER = 37;   // rpIdHash 32, flags 1, signCount 4
	constexpr std::size_t MAX_CREDENTIAL_ID = 1023;   // §5.1 (L3: at most 1023 bytes)

	std::string sha256(const std::string& data)
	{
		Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
		sha.update(data);
		const Poco::DigestEngine::Digest& d = sha.digest();
		return std::string(d.begin(), d.end());
	}

	Poco::UInt32 signCountOf(const std::string& authData)
	{
		const unsigned char* p = reinterpret_cast<const unsigned char*>(authData.data()) + 33;
		return (Poco::UInt32(p[0]) << 24) | (Poco::UInt32(p[1]) << 16) | (Poco::UInt32(p[2]) << 8) | Poco::UInt32(p[3]);
	}

	Poco::JSON::Object::Ptr parseClientData(const std::string& json)
	{
		Poco::JSON::Parser parser;
		Poco::Dynamic::Var value = parser.parse(json);
		if (value.type() != typeid(Poco::JSON::Object::Ptr)) throw WebAuthnException("malformed clientDataJSON");
		return value.extract<Poco::JSON::Object::Ptr>();
	}

	std::string stringMember(const Poco::JSON::Object::Ptr& object, const std::string& name)
	{
		Poco::Dynamic::Var v = object->get(name);
		return v.isString() ? v.extract<std::string>() : std::string();
	}
}


WebAuthnVerifier::WebAuthnVerifier(const std::string& rpId, const std::vector<std::string>& origins):
	_rpIdHash(sha256(rpId)),
	_origins(origins)
{
}


std::string WebAuthnVerifier::clientDataChallenge(const std::string& clientDataJson)
{
	try
	{
		return stringMember(parseClientData(clientDataJson), "challenge");
	}
	catch (Poco::Exception&)
	{
		return std::string();
	}
}


void WebAuthnVerifier::checkClientData(const std::string& clientDataJson, const std::string& type, const std::string& challenge) const
{
	Poco::JSON::Object::Ptr clientData;
	try
	{
		clientData = parseClientData(clientDataJson);
	}
	catch (WebAuthnException&)
	{
		throw;
	}
	catch (Poco::Exception&)
	{
		throw WebAuthnException("malformed clientDataJSON");
	}
	if (stringMember(clientData, "type") != type) throw WebAuthnException("wrong type");
	std::string sent;
	if (!Core::Base64Url::decodeCanonical(stringMember(clientData, "challenge"), sent) || challenge.empty()
		|| !Core::Digests::constantTimeEquals(sent, challenge))
		throw WebAuthnException("wrong challenge");
	std::string origin = stringMember(clientData, "origin");
	if (std::find(_origins.begin(), _origins.end(), origin) == _origins.end()) throw WebAuthnException("origin not allowed");
	Poco::Dynamic::Var crossOrigin = clientData->get("crossOrigin");
	if (!crossOrigin.isEmpty() && crossOrigin.type() == typeid(bool) && crossOrigin.extract<bool>())
		throw WebAuthnException("cross-origin");
}


void WebAuthnVerifier::checkAuthenticatorData(const std::string& authData, bool requireUserVerification) const
{
	if (authData.size() < AUTH_DATA_HEADER) throw WebAuthnException("malformed authenticatorData");
	if (!Core::Digests::constantTimeEquals(authData.substr(0, 32), _rpIdHash)) throw WebAuthnException("wrong rpId");
	unsigned char flags = static_cast<unsigned char>(authData[32]);
	if (!(flags & FLAG_UP)) throw WebAuthnException("user not present");
	if (requireUserVerification && !(flags & FLAG_UV)) throw WebAuthnException("user not verified");
}


WebAuthnVerifier::Registration WebAuthnVerifier::verifyRegistration(const std::string& clientDataJson, const std::string& attestationObject,
	const std::string& challenge, bool requireUserVerification) const
{
	checkClientData(clientDataJson, "webauthn.create", challenge);

	struct cbor_load_result result;
	CborItem root(cbor_load(reinterpret_cast<const unsigned char*>(attestationObject.data()), attestationObject.size(), &result));
	if (!root.p || result.error.code != CBOR_ERR_NONE || result.read != attestationObject.size()
		|| !cbor_isa_map(root.p) || !cbor_map_is_definite(root.p))
		throw WebAuthnException("malformed attestationObject");
	std::string authData;
	bool haveAuthData = false;
	struct cbor_pair* pairs = cbor_map_handle(root.p);
	for (std::size_t i = 0; i < cbor_map_size(root.p); ++i)
	{
		cbor_item_t* key = pairs[i].key;
		if (!cbor_isa_string(key) || !cbor_string_is_definite(key)) continue;
		std::string name(reinterpret_cast<const char*>(cbor_string_handle(key)), cbor_string_length(key));
		if (name != "authData") continue;   // fmt and attStmt: every format counts as "none" (§8.7)
		cbor_item_t* value = pairs[i].value;
		if (haveAuthData || !cbor_isa_bytestring(value) || !cbor_bytestring_is_definite(value))
			throw WebAuthnException("malformed attestationObject");
		authData.assign(reinterpret_cast<const char*>(cbor_bytestring_handle(value)), cbor_bytestring_length(value));
		haveAuthData = true;
	}
	if (!haveAuthData) throw WebAuthnException("malformed attestationObject");

	checkAuthenticatorData(authData, requireUserVerification);
	unsigned char flags = static_cast<unsigned char>(authData[32]);
	if (!(flags & FLAG_AT)) throw WebAuthnException("malformed authenticatorData: no attested credential data");
	// Attested credential data (§6.5.1): aaguid 16, length 2, id, key.
	std::size_t pos = AUTH_DATA_HEADER + 16;
	if (authData.size() < pos + 2) throw WebAuthnException("malformed authenticatorData");
	std::size_t idLength = (std::size_t(static_cast<unsigned char>(authData[pos])) << 8) | static_cast<unsigned char>(authData[pos + 1]);
	pos += 2;
	if (idLength == 0 || idLength > MAX_CREDENTIAL_ID || authData.size() < pos + idLength + 1) throw WebAuthnException("malformed authenticatorData");
	Registration registration;
	registration.credentialId = authData.substr(pos, idLength);
	pos += idLength;
	// The key is one CBOR item; libcbor says how many bytes it took.
	CborItem key(cbor_load(reinterpret_cast<const unsigned char*>(authData.data()) + pos, authData.size() - pos, &result));
	if (!key.p || result.error.code != CBOR_ERR_NONE) throw WebAuthnException("malformed public key");
	registration.publicKey = authData.substr(pos, result.read);
	pos += result.read;
	// Extensions follow only when ED is set; nothing else may.
	if (!(flags & FLAG_ED) && pos != authData.size()) throw WebAuthnException("malformed authenticatorData: trailing bytes");
	registration.algorithm = CoseKey::parse(registration.publicKey).algorithm();
	registration.signCount = signCountOf(authData);
	registration.userVerified = (flags & FLAG_UV) != 0;
	registration.backupEligible = (flags & FLAG_BE) != 0;
	return registration;
}


WebAuthnVerifier::Assertion WebAuthnVerifier::verifyAssertion(const std::string& clientDataJson, const std::string& authenticatorData,
	const std::string& signature, const std::string& challenge, const std::string& publicKey, Poco::UInt32 storedSignCount,
	bool requireUserVerification) const
{
	checkClientData(clientDataJson, "webauthn.get", challenge);
	checkAuthenticatorData(authenticatorData, requireUserVerification);
	CoseKey key = CoseKey::parse(publicKey);
	if (!key.verify(authenticatorData + sha256(clientDataJson), signature)) throw WebAuthnException("bad signature");
	Assertion assertion;
	assertion.signCount = signCountOf(authenticatorData);
	if ((assertion.signCount != 0 || storedSignCount != 0) && assertion.signCount <= storedSignCount)
		throw WebAuthnException("sign counter did not grow");
	assertion.userVerified = (static_cast<unsigned char>(authenticatorData[32]) & FLAG_UV) != 0;
	return assertion;
}


} } // namespace AuthServer::SecondFactor
