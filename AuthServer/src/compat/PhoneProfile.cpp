//
// PhoneProfile.cpp
//
// Docs/COMPAT.md "phone": /auth/... phone number + SMS code sign-up and
// login (FastAPI style, the {success, message, data, token} envelope).
//


#include "CompatCall.h"
#include "CompatOperation.h"
#include "AuthServer/Http/UserJson.h"
#include "AuthServer/Identity/ProfileChanges.h"
#include "Poco/DateTimeFormatter.h"
#include "Poco/String.h"
#include "Poco/Timestamp.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Http {


namespace
{
	const char* const REQUIRED = "This field is required.";
	const char* const CODE_SENT = "OTP sent successfully to your phone number";

	void requireFields(CompatCall& call, std::initializer_list<std::pair<const char*, const std::string*>> fields)
		/// Pydantic reports every missing required field at once.
	{
		ValidationException::FieldErrors errors;
		for (const auto& field: fields)
			if (field.second->empty()) errors[call.body().sentName(field.first)].push_back(REQUIRED);
		if (!errors.empty()) throw ValidationException(errors);
	}

	std::string e164(CompatCall& call, const std::string& phone)
		/// The number as the services store it (phone.defaultRegion for
		/// national forms); invalid_phone_number (422 value_error) else.
	{
		try
		{
			return call.server().identity().otp().normalizeDestination("sms", phone);
		}
		catch (ValidationException& exc)
		{
			// The native check names its own field (destination).
			ValidationException::FieldErrors errors;
			for (const auto& entry: exc.errors()) errors[call.body().sentName("phone_number")] = entry.second;
			throw ValidationException(errors, exc.problem());
		}
	}

	std::string isoformat(Poco::Int64 epochSeconds)
		/// Python's datetime.isoformat() of a UTC time with no microseconds.
	{
		return Poco::DateTimeFormatter::format(Poco::Timestamp::fromEpochTime(static_cast<std::time_t>(epochSeconds)), "%Y-%m-%dT%H:%M:%S+00:00");
	}

	Poco::Dynamic::Var text(const std::optional<std::string>& value)
	{
		return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var(std::string());
	}

	Poco::JSON::Object envelope(const std::string& message)
	{
		Poco::JSON::Object o;
		o.set("success", true);
		o.set("message", message);
		return o;
	}

	void sendDetail(CompatCall& call, int status, const std::string& detail)
		/// FastAPI's HTTPException answer.
	{
		Poco::JSON::Object o;
		o.set("detail", detail);
		call.send(status, o);
	}

	std::string phoneAccessToken(CompatCall& call, const Identity::TokenPair& pair)
		/// The session's access token for these clients, which never
		/// refresh: compat.phone.accessTokenLifetime instead of jwt's.
	{
		Tokens::TokenClaims claims = call.server().tokens().verify(pair.accessToken, Tokens::TokenType::Access);
		return call.server().tokens().issueAccess(pair.user.id, pair.user.role, claims.sessionId, call.server().phoneAccessLifetime()).token;
	}

	bool verifiedAnswer(CompatCall& call, const Identity::LoginOutcome& outcome, Poco::JSON::Object& answer, Poco::JSON::Object& data)
		/// Fills token and data.refresh_token, or for an account with a
		/// second factor "token": null and the native challenge as data;
		/// returns whether tokens were issued.
	{
		if (!outcome.tokens)
		{
			answer.set("token", Poco::Dynamic::Var());
			answer.set("data", UserJson::loginOutcome(outcome));
			return false;
		}
		answer.set("token", phoneAccessToken(call, *outcome.tokens));
		data.set("user_id", outcome.tokens->user.id);
		data.set("phone_number", text(outcome.tokens->user.phoneNumber));
		return true;
	}

	void signup(CompatCall& call)
		/// (phone/signup) the envelope, "token": null, always.
	{
		std::string phone = call.body().string("phone_number");
		call.body().check();
		requireFields(call, {{"phone_number", &phone}});
		std::string number = e164(call, phone);
		call.server().identity().phone().requestSignup(phone, call.context());
		Poco::JSON::Object answer = envelope(CODE_SENT);
		Poco::JSON::Object data;
		data.set("phone_number", number);
		answer.set("data", data);
		answer.set("token", Poco::Dynamic::Var());
		call.send(200, answer);
	}

	void verifySignup(CompatCall& call)
		/// (phone/verify-signup) token, data {user_id, phone_number,
		/// needs_profile_completion, refresh_token}.
	{
		std::string phone = call.body().string("phone_number");
		std::string code = call.body().string("otp_code");
		call.body().check();
		requireFields(call, {{"phone_number", &phone}, {"otp_code", &code}});
		bool created = false;
		Identity::LoginOutcome outcome = call.server().identity().phone().verifySignup(phone, code, created, call.context());
		Poco::JSON::Object answer = envelope("OTP verified successfully.");
		Poco::JSON::Object data;
		if (verifiedAnswer(call, outcome, answer, data))
		{
			bool incomplete = outcome.tokens->user.needsProfileCompletion;
			if (incomplete) answer.set("message", "OTP verified successfully. Please complete your profile.");
			data.set("needs_profile_completion", incomplete);
			data.set("refresh_token", outcome.tokens->refreshToken);
			answer.set("data", data);
		}
		call.send(200, answer);
	}

	void completeProfile(CompatCall& call)
		/// (profile/complete) data {user_id, profile_id, name, email,
		/// phone_number}; 400 {"detail"} for another number, another or a
		/// taken email.
	{
		Compat::CompatBody& body = call.body();
		const Identity::Principal& principal = call.exchange().principal();
		std::optional<std::string> phone = body.optionalString("phone_number");
		Identity::ProfileChanges changes;
		changes.fullName = body.optionalString("full_name");
		std::optional<std::string> email = body.optionalString("email");
		changes.bio = body.optionalString("bio");
		changes.location = body.optionalString("location");
		if (body.has("birth_date")) changes.birthDate = body.optionalString("birth_date");
		changes.avatarUrl = body.optionalString("avatar_url");
		body.check();
		if (phone && !Poco::trim(*phone).empty() && e164(call, *phone) != principal.user.phoneNumber.value_or(""))
			return sendDetail(call, 400, "Phone number does not match your account");
		if (email && principal.user.email)
		{
			// The account's own address sent again changes nothing.
			if (Poco::toLower(Poco::trim(*email)) != *principal.user.email) return sendDetail(call, 400, "Email cannot be changed");
			email.reset();
		}
		Identity::Account user;
		try
		{
			user = call.server().identity().accounts().completeProfile(principal, changes, email, call.context());
		}
		catch (AuthException& exc)
		{
			if (exc.problem() != Problem::Conflict) throw;
			return sendDetail(call, 400, "Email already registered");
		}
		Poco::JSON::Object answer = envelope("Profile completed successfully");
		Poco::JSON::Object data;
		data.set("user_id", user.id);
		data.set("profile_id", user.id);
		data.set("name", user.fullName);
		data.set("email", text(user.email));
		data.set("phone_number", text(user.phoneNumber));
		answer.set("data", data);
		call.send(200, answer);
	}

	void login(CompatCall& call)
		/// (phone/login) the envelope without token, always.
	{
		std::string phone = call.body().string("phone_number");
		call.body().check();
		requireFields(call, {{"phone_number", &phone}});
		std::string number = e164(call, phone);
		call.server().identity().phone().requestLogin(phone, call.context());
		Poco::JSON::Object answer = envelope(CODE_SENT);
		Poco::JSON::Object data;
		data.set("phone_number", number);
		answer.set("data", data);
		call.send(200, answer);
	}

	void verifyLogin(CompatCall& call)
		/// (phone/verify-login) token, data {user_id, phone_number, name,
		/// email, is_verified, refresh_token}.
	{
		std::string phone = call.body().string("phone_number");
		std::string code = call.body().string("otp_code");
		call.body().check();
		requireFields(call, {{"phone_number", &phone}, {"otp_code", &code}});
		Identity::LoginOutcome outcome = call.server().identity().phone().verifyLogin(phone, code, call.context());
		Poco::JSON::Object answer = envelope("Login successful");
		Poco::JSON::Object data;
		if (verifiedAnswer(call, outcome, answer, data))
		{
			const Identity::Account& user = outcome.tokens->user;
			data.set("name", user.fullName);
			data.set("email", text(user.email));
			data.set("is_verified", user.phoneVerified);
			data.set("refresh_token", outcome.tokens->refreshToken);
			answer.set("data", data);
		}
		call.send(200, answer);
	}

	void profile(CompatCall& call)
		/// (profile) the flat object of the old API.
	{
		const Identity::Account& user = call.exchange().principal().user;
		Poco::JSON::Object o;
		o.set("id", user.id);
		o.set("name", user.fullName);
		o.set("email", text(user.email));
		o.set("phone_number", text(user.phoneNumber));
		o.set("bio", user.bio);
		o.set("location", user.location);
		if (user.birthDate) o.set("birth_date", *user.birthDate);
		else o.set("birth_date", Poco::Dynamic::Var());
		o.set("avatar", user.avatarUrl);
		o.set("is_verified", user.phoneVerified);
		o.set("is_active", user.isActive);
		o.set("created_at", isoformat(user.createdAt));
		o.set("updated_at", isoformat(user.updatedAt));
		call.send(200, o);
	}

	void logout(CompatCall& call)
		/// (logout) 200 always; the session of a valid Bearer token ends.
	{
		call.body().check();
		std::optional<Identity::Principal> principal = call.bearerPrincipal();
		if (principal) call.server().identity().authentication().logout(*principal, std::nullopt, false, call.context());
		call.send(200, envelope("Logged out successfully"));
	}
}


const CompatProfileTable& phoneProfile()
{
	static const Compat::CompatBody::Aliases PROFILE = {{"name", "full_name"}, {"avatar", "avatar_url"}};
	static const CompatProfileTable TABLE = {"phone",
	{
		{"POST", "/auth/signup",           Auth::None,   "otpRequest",    {},      false, signup},
		{"POST", "/auth/verify-otp",       Auth::None,   "otpVerify",     {},      false, verifySignup},
		{"POST", "/auth/complete-profile", Auth::Access, "",              PROFILE, false, completeProfile},
		{"POST", "/auth/login",            Auth::None,   "otpRequest",    {},      false, login},
		{"POST", "/auth/verify-login",     Auth::None,   "otpVerify",     {},      false, verifyLogin},
		{"GET",  "/auth/profile",          Auth::Access, "",              {},      false, profile},
		{"POST", "/auth/logout",           Auth::None,   "",              {},      false, logout},
	}, {"/auth/"}};
	return TABLE;
}


} } // namespace AuthServer::Http
