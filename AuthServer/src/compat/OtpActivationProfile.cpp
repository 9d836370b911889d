//
// OtpActivationProfile.cpp
//
// Docs/COMPAT.md "otp-activation": /api/register/, /api/verify-otp/ and
// /api/login/ (DRF), accounts activated by a mailed 6-digit code.
//


#include "CompatCall.h"
#include "CompatOperation.h"
#include "DrfOperations.h"
#include "AuthServer/Identity/Registration.h"


using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Http {


namespace
{
	const char* const REQUIRED = "This field is required.";

	void registerPending(CompatCall& call)
		/// 201 DRF user, is_active false (register, with
		/// Registration::activationByCode).
	{
		Compat::CompatBody& body = call.body();
		Identity::Registration r;
		r.email = body.string("email");
		r.password = body.string("password");
		std::optional<std::string> confirm = body.optionalString("password_confirm");
		r.passwordConfirm = confirm ? *confirm : r.password;
		// full_name, or Django's first_name + last_name.
		r.fullName = body.string("full_name");
		if (r.fullName.empty())
		{
			std::string first = body.string("first_name");
			std::string last = body.string("last_name");
			r.fullName = first + (!first.empty() && !last.empty() ? " " : "") + last;
		}
		r.fullNameRequired = false;
		r.activationByCode = true;
		std::optional<std::string> username = body.optionalString("username");
		body.check();
		Identity::Account user = call.registration().registerUser(r, username, body.sentName("username"), call.context());
		call.send(201, call.drfUser(user));
	}

	void activate(CompatCall& call)
		/// 200 {"message": "Account activated successfully."} (otp/verify,
		/// purpose verify, then the activation).
	{
		Compat::CompatBody& body = call.body();
		std::string email = body.string("email");
		std::string code = body.string("code");
		body.check();
		ValidationException::FieldErrors errors;
		if (email.empty()) errors[body.sentName("email")].push_back(REQUIRED);
		if (code.empty()) errors[body.sentName("code")].push_back(REQUIRED);
		if (!errors.empty()) throw ValidationException(errors);
		call.registration().activate(email, code, call.context());
		call.send(200, CompatCall::message("Account activated successfully."));
	}

	void login(CompatCall& call)
		/// 200 login answer (login); a pending account 403 and a fresh code.
	{
		Compat::CompatBody& body = call.body();
		std::string email = body.string("email");
		std::string password = body.string("password");
		body.check();
		ValidationException::FieldErrors errors;
		if (email.empty()) errors[body.sentName("email")].push_back(REQUIRED);
		if (password.empty()) errors[body.sentName("password")].push_back(REQUIRED);
		if (!errors.empty()) throw ValidationException(errors);
		Identity::LoginOutcome outcome = call.registration().login(email, password, call.context());
		call.send(200, call.loginAnswer(outcome));
	}
}


const CompatProfileTable& otpActivationProfile()
{
	static const Compat::CompatBody::Aliases REGISTER = {{"password2", "password_confirm"}};
	static const Compat::CompatBody::Aliases VERIFY = {{"otp", "code"}};
	static const CompatProfileTable TABLE = {"otp-activation",
	{
		{"POST", "/api/register",   Auth::None, "register",  REGISTER, false, registerPending},
		{"POST", "/api/verify-otp", Auth::None, "otpVerify", VERIFY,   false, activate},
		{"POST", "/api/login",      Auth::None, "login",     {},       false, login},
	}};
	return TABLE;
}


} } // namespace AuthServer::Http
