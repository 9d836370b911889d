//
// SignupProfile.cpp
//
// Docs/COMPAT.md "signup": POST /api/auth/signup with a username (DRF);
// its answers and its 400 are documented exactly.
//


#include "CompatCall.h"
#include "CompatOperation.h"
#include "AuthServer/Identity/Registration.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Http {


namespace
{
	void signup(CompatCall& call)
		/// 201 {"message": "User registered successfully"} (register; the
		/// native verification mail). username is required here; the
		/// documented 400 names email and username (either or both) with
		/// "A user with this ... already exists.".
	{
		Compat::CompatBody& body = call.body();
		Identity::Registration r;
		std::optional<std::string> username = body.optionalString("username");
		r.email = body.string("email");
		r.password = body.string("password");
		std::optional<std::string> confirm = body.optionalString("password_confirm");
		r.passwordConfirm = confirm ? *confirm : r.password;
		r.fullName = body.string("full_name");
		r.fullNameRequired = false;
		body.check();
		if (!username) throw ValidationException(body.sentName("username"), "This field is required.");
		try
		{
			call.registration().registerUser(r, username, body.sentName("username"), call.context());
		}
		catch (AuthException& exc)
		{
			// The documented wording of a taken email (DRF's UniqueValidator
			// on this API's serializer), instead of the DRF default.
			if (exc.problem() != Problem::Conflict || Poco::toLower(exc.message()).find("email") == std::string::npos) throw;
			throw ValidationException("email", Compat::CompatRegistration::EMAIL_TAKEN);
		}
		call.send(201, CompatCall::message("User registered successfully"));
	}
}


const CompatProfileTable& signupProfile()
{
	static const Compat::CompatBody::Aliases SIGNUP = {{"password2", "password_confirm"}};
	static const CompatProfileTable TABLE = {"signup",
	{
		{"POST", "/api/auth/signup", Auth::None, "register", SIGNUP, false, signup},
	}};
	return TABLE;
}


} } // namespace AuthServer::Http
