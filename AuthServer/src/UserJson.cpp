//
// UserJson.cpp
//


#include "AuthServer/Http/UserJson.h"
#include "Poco/JSON/Array.h"
#include "Poco/JSON/Parser.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/JsonWriter.h"


namespace AuthServer {
namespace Http {


namespace
{
	class ObjectMembers
		/// Sets members on a Poco::JSON::Object with the calls of
		/// Core::JsonWriter, so one list of a User's members serves both.
	{
	public:
		explicit ObjectMembers(Poco::JSON::Object& object): _object(object) {}

		void string(const char* key, const std::string& value) { _object.set(key, value); }

		void nullableString(const char* key, const std::optional<std::string>& value)
		{
			if (value) _object.set(key, *value);
			else _object.set(key, Poco::Dynamic::Var());
		}

		void boolean(const char* key, bool value) { _object.set(key, value); }

	private:
		Poco::JSON::Object& _object;
	};

	template <class Members>
	void userMembers(const Identity::Account& u, Members& out)
		/// The members of a User (API.md) in the byte order of their keys,
		/// the order Poco::JSON::Object writes, so Core::JsonWriter writes
		/// the same bytes.
	{
		out.string("avatar_url", u.avatarUrl);
		out.string("bio", u.bio);
		out.nullableString("birth_date", u.birthDate);
		out.nullableString("company_name", u.companyName);
		out.string("created_at", Core::Clock::toRfc3339(u.createdAt));
		out.nullableString("email", u.email);
		out.boolean("email_verified", u.emailVerified);
		out.string("full_name", u.fullName);
		out.string("id", std::to_string(u.id));
		out.boolean("is_active", u.isActive);
		out.nullableString("last_login_at", u.lastLoginAt ? std::optional<std::string>(Core::Clock::toRfc3339(*u.lastLoginAt)) : std::nullopt);
		out.string("location", u.location);
		out.boolean("needs_profile_completion", u.needsProfileCompletion);
		out.string("otp_channel", u.otpChannel);
		out.boolean("otp_login_enabled", u.otpLoginEnabled);
		out.nullableString("phone_number", u.phoneNumber);
		out.boolean("phone_verified", u.phoneVerified);
		out.string("role", u.role);
		out.string("updated_at", Core::Clock::toRfc3339(u.updatedAt));
	}
}


Poco::JSON::Object UserJson::user(const Identity::Account& u)
{
	Poco::JSON::Object o;
	ObjectMembers members(o);
	userMembers(u, members);
	return o;
}


Poco::JSON::Object UserJson::tokens(const Identity::TokenPair& pair)
{
	Poco::JSON::Object o;
	// Two tokens make most of the body: with every non-ASCII character
	// escaped (the same JSON value, RFC 8259 §7) POCO 1.11 escapes each
	// string in one piece instead of one stream write per character. Set
	// here, so every token answer (login, refresh, MFA, OTP, passkey) has
	// the same bytes.
	o.setEscapeUnicode(true);
	o.set("access_token", pair.accessToken);
	o.set("refresh_token", pair.refreshToken);
	o.set("token_type", "Bearer");
	o.set("expires_in", pair.expiresIn);
	o.set("refresh_expires_in", pair.refreshExpiresIn);
	// Held by pointer: an Object set by value is deep-copied twice (into
	// the Var, then into the map), about 60,000 instructions a token answer.
	Poco::JSON::Object::Ptr pUser(new Poco::JSON::Object(user(pair.user)));
	o.set("user", pUser);
	return o;
}


std::string UserJson::tokensText(const Identity::TokenPair& pair)
{
	// The members in the byte order of Poco::JSON::Object's keys.
	const Identity::Account& u = pair.user;
	Core::JsonWriter w(pair.accessToken.size() + pair.refreshToken.size() + 512 + u.fullName.size() + u.bio.size() + u.location.size() + u.avatarUrl.size());
	w.string("access_token", pair.accessToken);
	w.number("expires_in", pair.expiresIn);
	w.number("refresh_expires_in", pair.refreshExpiresIn);
	w.string("refresh_token", pair.refreshToken);
	w.string("token_type", "Bearer");
	w.beginObject("user");
	userMembers(u, w);
	return w.str();
}


Poco::JSON::Object UserJson::loginOutcome(const Identity::LoginOutcome& outcome)
{
	if (outcome.tokens) return tokens(*outcome.tokens);
	Poco::JSON::Object answer;
	if (!outcome.mfaChallenge.empty())
	{
		Poco::JSON::Array::Ptr methods = new Poco::JSON::Array;
		for (const std::string& method: outcome.mfaMethods) methods->add(method);
		answer.set("mfa_required", true);
		answer.set("mfa_challenge", outcome.mfaChallenge);
		answer.set("methods", methods);
		if (!outcome.mfaWebauthnOptions.empty())
		{
			Poco::JSON::Parser parser;
			answer.set("webauthn", parser.parse(outcome.mfaWebauthnOptions));
		}
		return answer;
	}
	answer.set("otp_required", true);
	answer.set("otp_challenge", outcome.otpChallenge);
	answer.set("channel", outcome.otpChannel);
	return answer;
}


Poco::JSON::Object::Ptr UserJson::passkey(const SecondFactor::WebAuthnCredential& c)
{
	Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
	o->set("id", std::to_string(c.id));
	o->set("name", c.name);
	o->set("created_at", Core::Clock::toRfc3339(c.createdAt));
	if (c.lastUsedAt) o->set("last_used_at", Core::Clock::toRfc3339(*c.lastUsedAt));
	else o->set("last_used_at", Poco::Dynamic::Var());
	return o;
}


Poco::JSON::Object UserJson::session(const Persistence::SessionRecord& s, const std::string& currentSessionId)
{
	Poco::JSON::Object item;
	item.set("id", s.id);
	item.set("created_at", Core::Clock::toRfc3339(s.createdAt));
	item.set("last_used_at", Core::Clock::toRfc3339(s.lastUsedAt));
	item.set("ip", s.ip);
	item.set("user_agent", s.userAgent);
	item.set("current", s.id == currentSessionId);
	return item;
}


Poco::JSON::Object UserJson::auditEvent(const Persistence::AuditEvent& e)
{
	Poco::JSON::Object item;
	item.set("id", std::to_string(e.id));
	if (e.userId) item.set("user_id", std::to_string(*e.userId));
	else item.set("user_id", Poco::Dynamic::Var());
	item.set("event", e.event);
	item.set("ip", e.ip);
	item.set("user_agent", e.userAgent);
	item.set("created_at", Core::Clock::toRfc3339(e.createdAt));
	item.set("detail", e.detail);
	return item;
}


Poco::JSON::Object UserJson::page(const Poco::JSON::Array& items, std::optional<int> page, int pageSize, Poco::Int64 total,
	bool totalCapped, const std::optional<std::string>& next)
{
	Poco::JSON::Object body;
	body.set("items", items);
	if (page) body.set("page", *page);
	else body.set("page", Poco::Dynamic::Var());
	body.set("page_size", pageSize);
	body.set("total", total);
	body.set("total_capped", totalCapped);
	if (next) body.set("next", *next);
	else body.set("next", Poco::Dynamic::Var());
	return body;
}


Poco::JSON::Object UserJson::recoveryCodes(const std::vector<std::string>& codes)
{
	Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
	for (const std::string& code: codes) list->add(code);
	Poco::JSON::Object answer;
	answer.set("recovery_codes", list);
	return answer;
}


} } // namespace AuthServer::Http
