//
// DrfOperations.cpp
//


#include "DrfOperations.h"
#include "AuthServer/Compat/LegacyTokenExchange.h"
#include "AuthServer/Identity/ProfileChanges.h"
#include "AuthServer/Identity/Registration.h"
#include "Poco/JWT/Token.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Http {


const Compat::CompatBody::Aliases DrfOperations::REGISTER_ALIASES = {{"password2", "password_confirm"}, {"contact", "phone_number"}};
const Compat::CompatBody::Aliases DrfOperations::NEW_PASSWORD_ALIASES = {{"new_password2", "new_password_confirm"}, {"confirm_password", "new_password_confirm"}};
const Compat::CompatBody::Aliases DrfOperations::REFRESH_ALIASES = {{"refresh", "refresh_token"}};


namespace
{
	const char* const REQUIRED = "This field is required.";

	void require(Compat::CompatBody& body, const std::string& name, const std::string& value, ValidationException::FieldErrors& errors)
	{
		if (value.empty()) errors[body.sentName(name)].push_back(REQUIRED);
	}

	void checkRequired(const ValidationException::FieldErrors& errors)
	{
		if (!errors.empty()) throw ValidationException(errors);
	}

	Identity::Registration registration(CompatCall& call)
	{
		Compat::CompatBody& body = call.body();
		Identity::Registration r;
		r.email = body.string("email");
		r.password = body.string("password");
		// password_confirm, full_name and company_name are optional here:
		// these clients never send them (checked only when sent).
		std::optional<std::string> confirm = body.optionalString("password_confirm");
		r.passwordConfirm = confirm ? *confirm : r.password;
		r.fullName = body.string("full_name");
		r.fullNameRequired = false;
		r.phoneNumber = body.optionalString("phone_number");
		r.companyName = body.optionalString("company_name");
		return r;
	}

	bool isNativeToken(const std::string& token)
	{
		// Every AuthServer token carries sid; a simplejwt token never does.
		try
		{
			Poco::JWT::Token parsed(token);
			return parsed.payload().has("sid");
		}
		catch (Poco::Exception&)
		{
			return false;
		}
	}
}


void DrfOperations::registerUser(CompatCall& call)
{
	Identity::Registration r = registration(call);
	std::optional<std::string> role = call.body().optionalString("role");
	call.body().check();
	if (role && *role != "user" && *role != "supplier")
		throw ValidationException(call.body().sentName("role"), "\"" + *role + "\" is not a valid choice.");
	r.role = role.value_or("user");
	Identity::Account user = call.server().identity().registration().registerUser(r, call.context());
	call.send(201, call.drfUser(user));
}


void DrfOperations::registerSupplier(CompatCall& call)
{
	Identity::Registration r = registration(call);
	call.body().check();
	r.role = "supplier";
	Identity::Account user = call.server().identity().registration().registerUser(r, call.context());
	call.send(201, call.drfUser(user));
}


void DrfOperations::login(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string email = body.string("email");
	std::string password = body.string("password");
	body.check();
	ValidationException::FieldErrors errors;
	require(body, "email", email, errors);
	require(body, "password", password, errors);
	checkRequired(errors);
	Identity::LoginOutcome outcome = call.server().identity().authentication().beginLogin(email, password, call.context());
	call.send(200, call.loginAnswer(outcome));
}


void DrfOperations::refresh(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string token = body.string("refresh_token");
	body.check();
	ValidationException::FieldErrors errors;
	require(body, "refresh_token", token, errors);
	checkRequired(errors);
	const ServerContext& server = call.server();
	Tokens::TokenClaims claims;
	if (!server.tokens().tryVerify(token, Tokens::TokenType::Refresh, claims))
	{
		if (server.tokens().tryVerify(token, Tokens::TokenType::Access, claims))
			throw AuthException(Problem::InvalidToken, "Token has wrong type");
		Compat::LegacyTokenExchange* pLegacy = server.legacyExchange();
		if (pLegacy && pLegacy->enabled() && !isNativeToken(token))
		{
			try
			{
				Identity::TokenPair pair = pLegacy->exchange(token, call.context());
				server.metrics().countLegacyExchange(true);
				call.send(200, CompatCall::refreshAnswer(pair));
				return;
			}
			catch (AuthException&)
			{
				server.metrics().countLegacyExchange(false);
				throw;
			}
		}
	}
	Identity::TokenPair pair = server.identity().authentication().refresh(token, call.context());
	call.send(200, CompatCall::refreshAnswer(pair));
}


void DrfOperations::blacklistLogout(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string refresh = body.string("refresh_token");
	body.check();
	auto& identity = call.server().identity();
	bool revoked = false;
	std::optional<Identity::Principal> principal = call.bearerPrincipal();
	Tokens::TokenClaims claims;
	bool refreshValid = !refresh.empty() && call.server().tokens().tryVerify(refresh, Tokens::TokenType::Refresh, claims);
	if (principal)
	{
		// Native logout also ends the refresh token's session when it is
		// another session of the same account.
		identity.authentication().logout(*principal, refreshValid ? std::optional<std::string>(refresh) : std::nullopt, false, call.context());
		revoked = true;
	}
	if (refreshValid && (!principal || (claims.userId == principal->userId && claims.sessionId == principal->sessionId) == false))
	{
		if (!principal || claims.userId != principal->userId)
		{
			Identity::Principal owner;
			owner.userId = claims.userId;
			owner.sessionId = claims.sessionId;
			try
			{
				identity.sessions().revoke(owner, claims.sessionId, call.context());
				revoked = true;
			}
			catch (AuthException&)
			{
				// Already ended: not a valid token any more.
			}
		}
	}
	if (!revoked)
		throw AuthException(Problem::InvalidToken, call.exchange().bearerToken().empty() && refresh.empty()
			? "Authentication credentials were not provided." : "The token is not valid.");
	call.send(200, Poco::JSON::Object());
}


void DrfOperations::profile(CompatCall& call)
{
	call.send(200, call.drfUser(call.exchange().principal().user));
}


void DrfOperations::updateProfile(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	const Identity::Principal& principal = call.exchange().principal();
	// Read-only members sent back (id, role, is_active, created_at...) and
	// unknown ones are ignored, as DRF does; email only when unchanged.
	std::optional<std::string> email = body.optionalString("email");
	if (email && (!principal.user.email || Poco::toLower(*email) != *principal.user.email))
		throw ValidationException(body.sentName("email"), "The email address cannot be changed.");
	Identity::ProfileChanges changes;
	changes.fullName = body.optionalString("full_name");
	if (body.has("phone_number")) changes.phoneNumber = body.optionalString("phone_number");
	changes.bio = body.optionalString("bio");
	changes.location = body.optionalString("location");
	if (body.has("birth_date")) changes.birthDate = body.optionalString("birth_date");
	changes.avatarUrl = body.optionalString("avatar_url");
	changes.otpLoginEnabled = body.optionalBool("otp_login_enabled");
	changes.otpChannel = body.optionalString("otp_channel");
	body.check();
	Identity::Account user = call.server().identity().accounts().updateProfile(principal, changes, call.context());
	call.send(200, call.drfUser(user));
}


void DrfOperations::verifyEmail(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string token = body.string("token");
	std::string email = body.string("email");
	std::string code = body.string("code");
	body.check();
	auto& registration = call.server().identity().registration();
	std::optional<Identity::Principal> caller = call.bearerPrincipal();
	std::optional<Poco::Int64> callerId = caller ? std::optional<Poco::Int64>(caller->userId) : std::nullopt;
	if (token.empty() && (email.empty() || code.empty()))
	{
		ValidationException::FieldErrors errors;
		errors["token"].push_back(REQUIRED);
		throw ValidationException(errors);
	}
	Identity::Account user = !token.empty()
		? registration.verifyByToken(token, call.context(), callerId)
		: registration.verifyByCode(email, code, call.context(), callerId);
	Poco::JSON::Object answer = CompatCall::message("Email verified successfully.");
	answer.set("user", call.drfUser(user));
	call.send(200, answer);
}


void DrfOperations::resendVerification(CompatCall& call)
{
	std::string email = call.body().string("email");
	call.body().check();
	call.server().identity().registration().resendVerification(email, call.context());
	call.send(200, CompatCall::message("If the account exists, a verification email has been sent."));
}


namespace
{
	void otpDestination(CompatCall& call, std::string& channel, std::string& destination)
	{
		Compat::CompatBody& body = call.body();
		std::string email = body.string("email");
		std::string phone = body.string("phone_number");
		if (!email.empty())
		{
			channel = "email";
			destination = email;
		}
		else if (!phone.empty())
		{
			channel = "sms";
			destination = phone;
		}
		else
		{
			body.check();
			throw ValidationException("email", REQUIRED);
		}
	}

	std::string otpPurpose(CompatCall& call)
	{
		std::string purpose = call.body().optionalString("purpose").value_or("login");
		if (purpose != "login" && purpose != "verify")
			throw ValidationException(call.body().sentName("purpose"), "\"" + purpose + "\" is not a valid choice.");
		return purpose;
	}
}


void DrfOperations::otpRequest(CompatCall& call)
{
	std::string channel, destination;
	otpDestination(call, channel, destination);
	std::string purpose = otpPurpose(call);
	call.body().check();
	call.server().identity().otp().request(channel, destination, purpose, call.context());
	call.send(200, CompatCall::message("OTP sent."));
}


void DrfOperations::otpVerify(CompatCall& call)
{
	std::string channel, destination;
	otpDestination(call, channel, destination);
	std::string purpose = otpPurpose(call);
	std::string code = call.body().string("code");
	call.body().check();
	if (code.empty()) throw ValidationException(call.body().sentName("code"), REQUIRED);
	auto& identity = call.server().identity();
	if (purpose == "login")
	{
		Identity::LoginOutcome outcome = identity.authentication().loginWithOtp(channel, destination, code, call.context());
		call.send(200, call.loginAnswer(outcome));
		return;
	}
	std::optional<Identity::Principal> caller = call.bearerPrincipal();
	Identity::Account user = identity.otp().verifyDestination(channel, destination, code, call.context(),
		caller ? std::optional<Poco::Int64>(caller->userId) : std::nullopt);
	Poco::JSON::Object answer = CompatCall::message("Verified.");
	answer.set("user", call.drfUser(user));
	call.send(200, answer);
}


void DrfOperations::passwordForgot(CompatCall& call)
{
	std::string email = call.body().string("email");
	call.body().check();
	call.server().identity().passwordReset().forgot(email, call.context());
	call.send(200, CompatCall::message("If the account exists, a password reset email has been sent."));
}


void DrfOperations::passwordReset(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string token = body.string("token");
	std::string newPassword = body.string("new_password");
	std::optional<std::string> confirm = body.optionalString("new_password_confirm");
	body.check();
	ValidationException::FieldErrors errors;
	require(body, "token", token, errors);
	require(body, "new_password", newPassword, errors);
	checkRequired(errors);
	call.server().identity().passwordReset().reset(token, newPassword, confirm.value_or(newPassword), call.context());
	call.send(200, CompatCall::message("Password has been reset."));
}


void DrfOperations::passwordChange(CompatCall& call)
{
	Compat::CompatBody& body = call.body();
	std::string oldPassword = body.string("old_password");
	std::string newPassword = body.string("new_password");
	std::optional<std::string> confirm = body.optionalString("new_password_confirm");
	body.check();
	call.server().identity().accounts().changePassword(call.exchange().principal(), oldPassword, newPassword, confirm.value_or(newPassword), call.context());
	call.send(200, CompatCall::message("Password changed successfully."));
}


} } // namespace AuthServer::Http
