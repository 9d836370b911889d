//
// Registration.h
//
// The fields of a registration request.
//


#ifndef AuthServer_Identity_Registration_INCLUDED
#define AuthServer_Identity_Registration_INCLUDED


#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


struct Registration
	/// What POST /api/auth/register[/supplier] carries (API.md), already
	/// type-checked by the HTTP layer; the rules are checked by
	/// RegistrationService.
{
	std::string email;
	std::string password;
	std::string passwordConfirm;
	std::string fullName;
	std::optional<std::string> phoneNumber;
	std::string role = "user";
	std::optional<std::string> companyName;
	bool companyNameRequired = false;
		/// True on POST /api/auth/register/supplier, where company_name is
		/// required (API.md); on /api/auth/register a supplier may omit it.
	bool fullNameRequired = true;
		/// False on the compatibility profiles' register routes, whose
		/// clients never send full_name (Docs/COMPAT.md: "" then).
	bool activationByCode = false;
		/// True on the otp-activation profile's register route
		/// (Docs/COMPAT.md): the account is stored inactive and mailed a
		/// 6-digit code (OtpService, purpose "verify", otp.lifetime)
		/// instead of the verification link; Compat::CompatRegistration
		/// activates it when the code comes back.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_Registration_INCLUDED
