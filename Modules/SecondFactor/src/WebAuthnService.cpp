//
// WebAuthnService.cpp
//


#include "AuthServer/SecondFactor/WebAuthnService.h"
#include "AuthServer/SecondFactor/WebAuthnException.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Base64Url.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "Poco/JSON/Array.h"
#include "Poco/NumberParser.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/JSON/Parser.h"
#include "Poco/UTF8Encoding.h"
#include "Poco/TextIterator.h"
#include <sstream>


using AuthServer::Core::AuthException;
using AuthServer::Core::Base64Url;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace SecondFactor {


namespace
{
	constexpr std::size_t CHALLENGE_BYTES = 32;
	constexpr std::size_t USER_HANDLE_BYTES = 32;
	constexpr std::size_t DECOY_ID_BYTES = 32;

	AuthException invalidCredential()
	{
		return AuthException(Problem::InvalidCredential, "The passkey response could not be verified.");
	}

	// base64url member of an object: browsers send unpadded text (L3
	// toJSON); a padded one is accepted too.
	std::string binaryMember(const Poco::JSON::Object::Ptr& object, const std::string& name, bool required = true)
	{
		Poco::Dynamic::Var v = object ? object->get(name) : Poco::Dynamic::Var();
		if (v.isEmpty())
		{
			if (required) throw WebAuthnException("malformed response: no " + name);
			return std::string();
		}
		if (!v.isString()) throw WebAuthnException("malformed response: " + name);
		std::string text = v.extract<std::string>();
		while (!text.empty() && text.back() == '=') text.pop_back();
		std::string bytes;
		if (!Base64Url::decodeCanonical(text, bytes) || (required && bytes.empty())) throw WebAuthnException("malformed response: " + name);
		return bytes;
	}

	Poco::JSON::Object::Ptr responseOf(const Poco::JSON::Object::Ptr& credential)
	{
		if (!credential) throw WebAuthnException("malformed response");
		Poco::Dynamic::Var type = credential->get("type");
		if (!type.isString() || type.extract<std::string>() != "public-key") throw WebAuthnException("malformed response: type");
		Poco::JSON::Object::Ptr response = credential->getObject("response");
		if (!response) throw WebAuthnException("malformed response: no response");
		return response;
	}

	Poco::JSON::Object::Ptr descriptor(const std::string& credentialId, const std::string& transports)
	{
		Poco::JSON::Object::Ptr d = new Poco::JSON::Object;
		d->set("type", "public-key");
		d->set("id", credentialId);
		if (!transports.empty())
		{
			Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
			Poco::StringTokenizer t(transports, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
			for (const std::string& transport: t) list->add(transport);
			d->set("transports", list);
		}
		return d;
	}

	std::string transportsOf(const Poco::JSON::Object::Ptr& response)
	{
		Poco::JSON::Array::Ptr list = response->getArray("transports");
		std::string out;
		if (!list) return out;
		for (std::size_t i = 0; i < list->size() && i < 8; ++i)
		{
			Poco::Dynamic::Var v = list->get(i);
			if (!v.isString()) continue;
			std::string t = v.extract<std::string>();
			// The transports of WebAuthn L3 §5.8.4; others are dropped.
			if (t != "usb" && t != "nfc" && t != "ble" && t != "internal" && t != "hybrid" && t != "smart-card") continue;
			if (!out.empty()) out += ",";
			out += t;
		}
		return out;
	}

	std::size_t characters(const std::string& text)
	{
		Poco::UTF8Encoding utf8;
		Poco::TextIterator it(text, utf8), end(text);
		std::size_t n = 0;
		for (; it != end; ++it) ++n;
		return n;
	}
}


WebAuthnService::WebAuthnService(WebAuthnCredentialStore& store, Persistence::UserStore& users, Identity::AuthenticationService& authentication,
	Cache::Cache& cache, Identity::AuditLog& audit, const SecondFactorSettings& settings):
	_store(store),
	_users(users),
	_authentication(authentication),
	_cache(cache),
	_audit(audit),
	_settings(settings),
	_verifier(settings.rpId, settings.origins),
	// Made-up credential ids for unknown emails stay the same across
	// requests (and instances sharing mfa.encryptionKey).
	_decoySecret(settings.encryptionKey.empty() ? Core::SecureRandom::bytes(32) : settings.encryptionKey)
{
}


std::string WebAuthnService::newChallenge() const
{
	return Base64Url::encode(Core::SecureRandom::bytes(CHALLENGE_BYTES));
}


std::string WebAuthnService::cacheKey(const std::string& ceremony, const std::string& challenge)
{
	return "webauthn:" + ceremony + ":" + Core::Digests::sha256Hex(challenge);
}


std::string WebAuthnService::userHandleOf(Poco::Int64 userId)
{
	// One handle per account, so an authenticator keeps one discoverable
	// passkey per account and site (WebAuthn L2 §5.4.3).
	std::vector<WebAuthnCredential> existing = _store.forUser(userId);
	if (!existing.empty()) return existing[0].userHandle;
	return Base64Url::encode(Core::SecureRandom::bytes(USER_HANDLE_BYTES));
}


bool WebAuthnService::hasCredentials(Poco::Int64 userId)
{
	return !_store.forUser(userId).empty();
}


std::vector<WebAuthnCredential> WebAuthnService::credentials(Poco::Int64 userId)
{
	return _store.forUser(userId);
}


int WebAuthnService::removeAll(Poco::Int64 userId)
{
	return _store.removeAll(userId);
}


Poco::JSON::Object::Ptr WebAuthnService::registrationOptions(const Identity::Principal& principal)
{
	std::vector<WebAuthnCredential> existing = _store.forUser(principal.userId);
	if (existing.size() >= static_cast<std::size_t>(MAX_CREDENTIALS))
		throw AuthException(Problem::Conflict, "This account has the most passkeys allowed; remove one first.");
	std::string handle = existing.empty() ? Base64Url::encode(Core::SecureRandom::bytes(USER_HANDLE_BYTES)) : existing[0].userHandle;
	std::string challenge = newChallenge();
	Poco::JSON::Object entry;
	entry.set("uid", principal.userId);
	entry.set("handle", handle);
	std::ostringstream out;
	entry.stringify(out);
	_cache.set(cacheKey("register", challenge), out.str(), CHALLENGE_LIFETIME);

	const Identity::Account& user = principal.user;
	std::string account = user.email ? *user.email : user.phoneNumber ? *user.phoneNumber : "user " + std::to_string(user.id);
	Poco::JSON::Object::Ptr options = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	Poco::JSON::Object::Ptr rp = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	rp->set("id", _settings.rpId);
	rp->set("name", _settings.rpName);
	options->set("rp", rp);
	Poco::JSON::Object::Ptr u = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	u->set("id", handle);
	u->set("name", account);
	u->set("displayName", user.fullName.empty() ? account : user.fullName);
	options->set("user", u);
	options->set("challenge", challenge);
	Poco::JSON::Array::Ptr params = new Poco::JSON::Array;
	for (int alg: {-8, -7, -257})
	{
		Poco::JSON::Object::Ptr p = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
		p->set("type", "public-key");
		p->set("alg", alg);
		params->add(p);
	}
	options->set("pubKeyCredParams", params);
	options->set("timeout", CHALLENGE_LIFETIME * 1000);
	Poco::JSON::Array::Ptr exclude = new Poco::JSON::Array;
	for (const WebAuthnCredential& c: existing) exclude->add(descriptor(c.credentialId, c.transports));
	options->set("excludeCredentials", exclude);
	Poco::JSON::Object::Ptr selection = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	selection->set("residentKey", "preferred");
	selection->set("requireResidentKey", false);
	selection->set("userVerification", "preferred");
	options->set("authenticatorSelection", selection);
	options->set("attestation", "none");
	return options;
}


WebAuthnCredential WebAuthnService::completeRegistration(const Identity::Principal& principal, const Poco::JSON::Object::Ptr& credential,
	const std::string& rawName, const Identity::RequestContext& context)
{
	if (!credential) throw ValidationException("credential", "This field is required.");
	std::string name = Poco::trim(rawName);
	if (name.empty()) name = "Passkey";
	if (characters(name) > MAX_NAME) throw ValidationException("name", "At most 64 characters.");
	try
	{
		Poco::JSON::Object::Ptr response = responseOf(credential);
		std::string clientData = binaryMember(response, "clientDataJSON");
		std::string attestation = binaryMember(response, "attestationObject");
		std::string challengeText = WebAuthnVerifier::clientDataChallenge(clientData);
		std::string challenge;
		if (challengeText.empty() || challengeText.size() > 128 || !Base64Url::decodeCanonical(challengeText, challenge))
			throw WebAuthnException("wrong challenge");
		std::string key = cacheKey("register", challengeText);
		std::optional<std::string> raw = _cache.get(key);
		if (!raw) throw WebAuthnException("unknown or expired challenge");
		Poco::JSON::Parser parser;
		Poco::JSON::Object::Ptr entry = parser.parse(*raw).extract<Poco::JSON::Object::Ptr>();
		if (entry->getValue<Poco::Int64>("uid") != principal.userId) throw WebAuthnException("challenge of another account");
		if (!_cache.remove(key)) throw WebAuthnException("challenge used already");
		WebAuthnVerifier::Registration registration = _verifier.verifyRegistration(clientData, attestation, challenge, false);
		std::string rawId = binaryMember(credential, "rawId", false);
		if (!rawId.empty() && rawId != registration.credentialId) throw WebAuthnException("rawId differs from the attested credential id");
		WebAuthnCredential stored;
		stored.userId = principal.userId;
		stored.credentialId = Base64Url::encode(registration.credentialId);
		stored.userHandle = entry->getValue<std::string>("handle");
		stored.publicKey = Base64Url::encode(registration.publicKey);
		stored.algorithm = registration.algorithm;
		stored.signCount = registration.signCount;
		stored.name = name;
		stored.transports = transportsOf(response);
		stored.createdAt = Clock::now();
		std::optional<Poco::Int64> id = _store.insert(stored);
		if (!id) throw WebAuthnException("credential id registered already");
		stored.id = *id;
		_audit.record("passkey_added", principal.userId, context, "passkey " + std::to_string(stored.id));
		return stored;
	}
	catch (WebAuthnException& exc)
	{
		_audit.record("passkey_add_failed", principal.userId, context, exc.message());
		throw invalidCredential();
	}
	catch (Poco::JSON::JSONException&)
	{
		_audit.record("passkey_add_failed", principal.userId, context, "malformed response");
		throw invalidCredential();
	}
}


void WebAuthnService::removeCredential(const Identity::Principal& principal, const std::string& id, const Identity::RequestContext& context)
{
	Poco::Int64 rowId = 0;
	if (id.size() > 19 || !Poco::NumberParser::tryParse64(id, rowId) || rowId <= 0 || !_store.remove(principal.userId, rowId))
		throw AuthException(Problem::NotFound, "No such passkey.");
	_audit.record("passkey_removed", principal.userId, context, "passkey " + std::to_string(rowId));
}


Poco::JSON::Object::Ptr WebAuthnService::requestOptions(const std::string& challenge, const std::string& userVerification) const
{
	Poco::JSON::Object::Ptr options = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	options->set("challenge", challenge);
	options->set("timeout", CHALLENGE_LIFETIME * 1000);
	options->set("rpId", _settings.rpId);
	options->set("userVerification", userVerification);
	return options;
}


Poco::JSON::Object::Ptr WebAuthnService::loginOptions(const std::string& rawEmail)
{
	std::string challenge = newChallenge();
	_cache.set(cacheKey("login", challenge), "1", CHALLENGE_LIFETIME);
	Poco::JSON::Object::Ptr options = requestOptions(challenge, "required");
	Poco::JSON::Array::Ptr allow = new Poco::JSON::Array;
	std::string email = Poco::trim(rawEmail);
	if (!email.empty())
	{
		email = Identity::EmailAddress::normalize(email);
		std::vector<WebAuthnCredential> found;
		if (std::optional<Persistence::User> user = _users.findByEmail(email)) found = _store.forUser(user->id);
		// Transports are left out, so a real list looks like a made-up one.
		for (const WebAuthnCredential& c: found) allow->add(descriptor(c.credentialId, ""));
		if (found.empty())
		{
			std::string digest = Core::Digests::sha256Hex(_decoySecret + "\nwebauthn decoy\n" + email);
			std::string bytes;
			for (std::size_t i = 0; i + 1 < digest.size() && bytes.size() < DECOY_ID_BYTES; i += 2)
				bytes += static_cast<char>(std::stoi(digest.substr(i, 2), nullptr, 16));
			allow->add(descriptor(Base64Url::encode(bytes), ""));
		}
	}
	options->set("allowCredentials", allow);
	return options;
}


Poco::JSON::Object::Ptr WebAuthnService::secondFactorOptions(Poco::Int64 userId, std::string& challenge)
{
	challenge = newChallenge();
	Poco::JSON::Object::Ptr options = requestOptions(challenge, "preferred");
	Poco::JSON::Array::Ptr allow = new Poco::JSON::Array;
	for (const WebAuthnCredential& c: _store.forUser(userId)) allow->add(descriptor(c.credentialId, c.transports));
	options->set("allowCredentials", allow);
	return options;
}


WebAuthnService::Assertion WebAuthnService::verifyAssertion(const Poco::JSON::Object::Ptr& credential, const std::string& challengeText,
	bool requireUserVerification, std::optional<Poco::Int64> userId)
{
	Poco::JSON::Object::Ptr response = responseOf(credential);
	std::string clientData = binaryMember(response, "clientDataJSON");
	std::string authenticatorData = binaryMember(response, "authenticatorData");
	std::string signature = binaryMember(response, "signature");
	std::string userHandle = binaryMember(response, "userHandle", false);
	std::string rawId = binaryMember(credential, "rawId", false);
	if (rawId.empty()) rawId = binaryMember(credential, "id");
	std::string challenge;
	if (!Base64Url::decodeCanonical(challengeText, challenge)) throw WebAuthnException("wrong challenge");
	std::optional<WebAuthnCredential> stored = _store.findByCredentialId(Base64Url::encode(rawId));
	if (!stored) throw WebAuthnException("unknown credential");
	if (userId && stored->userId != *userId) throw WebAuthnException("credential of another account");
	if (!userHandle.empty() && Base64Url::encode(userHandle) != stored->userHandle) throw WebAuthnException("user handle differs");
	std::string publicKey;
	if (!Base64Url::decodeCanonical(stored->publicKey, publicKey)) throw WebAuthnException("malformed stored key");
	WebAuthnVerifier::Assertion checked = _verifier.verifyAssertion(clientData, authenticatorData, signature, challenge, publicKey,
		static_cast<Poco::UInt32>(stored->signCount), requireUserVerification);
	// The conditional UPDATE decides between concurrent uses.
	if (!_store.recordUse(stored->id, checked.signCount, Clock::now())) throw WebAuthnException("sign counter did not grow");
	Assertion assertion;
	assertion.credential = *stored;
	assertion.signCount = checked.signCount;
	return assertion;
}


Identity::TokenPair WebAuthnService::completeLogin(const Poco::JSON::Object::Ptr& credential, const Identity::RequestContext& context)
{
	if (!credential) throw ValidationException("credential", "This field is required.");
	Assertion assertion;
	try
	{
		Poco::JSON::Object::Ptr response = responseOf(credential);
		std::string challengeText = WebAuthnVerifier::clientDataChallenge(binaryMember(response, "clientDataJSON"));
		if (challengeText.empty() || challengeText.size() > 128) throw WebAuthnException("wrong challenge");
		if (!_cache.remove(cacheKey("login", challengeText))) throw WebAuthnException("unknown, expired or used challenge");
		assertion = verifyAssertion(credential, challengeText, true, std::nullopt);
	}
	catch (WebAuthnException& exc)
	{
		_audit.record("login_failed", std::nullopt, context, "passkey: " + exc.message());
		throw invalidCredential();
	}
	catch (Poco::JSON::JSONException&)
	{
		_audit.record("login_failed", std::nullopt, context, "passkey: malformed response");
		throw invalidCredential();
	}
	std::optional<Persistence::User> user = _users.findById(assertion.credential.userId);
	if (!user) throw invalidCredential();
	if (!user->isActive)
	{
		_audit.record("login_failed", user->id, context, "account_inactive");
		throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	}
	// A passkey with user verification is two factors in one.
	return _authentication.finishLogin(*user, context, true);
}


bool WebAuthnService::verifySecondFactor(Poco::Int64 userId, const Poco::JSON::Object::Ptr& credential, const std::string& challenge,
	const Identity::RequestContext& context)
{
	try
	{
		verifyAssertion(credential, challenge, false, userId);
		return true;
	}
	catch (WebAuthnException& exc)
	{
		_audit.record("passkey_failed", userId, context, exc.message());
	}
	catch (Poco::JSON::JSONException&)
	{
		_audit.record("passkey_failed", userId, context, "malformed response");
	}
	return false;
}


} } // namespace AuthServer::SecondFactor
