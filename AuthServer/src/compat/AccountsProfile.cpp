//
// AccountsProfile.cpp
//
// Docs/COMPAT.md "accounts": /api/accounts/... (DRF + simplejwt).
//


#include "CompatOperation.h"
#include "DrfOperations.h"


namespace AuthServer {
namespace Http {


const CompatProfileTable& accountsProfile()
{
	using D = DrfOperations;
	static const Compat::CompatBody::Aliases OTP = {{"contact", "phone_number"}, {"otp", "code"}};
	static const Compat::CompatBody::Aliases VERIFY = {{"otp", "code"}};
	static const CompatProfileTable TABLE = {"accounts",
	{
		{"POST", "/api/accounts/register/user",            Auth::None,   "register",       D::REGISTER_ALIASES,     false, D::registerUser},
		{"POST", "/api/accounts/register/supplier",        Auth::None,   "register",       D::REGISTER_ALIASES,     false, D::registerSupplier},
		{"POST", "/api/accounts/login",                    Auth::None,   "login",          {},                      false, D::login},
		{"POST", "/api/token/refresh",                     Auth::None,   "tokenRefresh",   D::REFRESH_ALIASES,      true,  D::refresh},
		{"POST", "/api/accounts/logout",                   Auth::None,   "",               D::REFRESH_ALIASES,      false, D::blacklistLogout},
		{"GET",  "/api/accounts/profile",                  Auth::Access, "",               {},                      false, D::profile},
		{"POST", "/api/accounts/verify-email",             Auth::None,   "otpVerify",      VERIFY,                  false, D::verifyEmail},
		{"POST", "/api/accounts/resend-verification",      Auth::None,   "resendVerification", {},                  false, D::resendVerification},
		{"POST", "/api/accounts/otp/request",              Auth::None,   "otpRequest",     OTP,                     false, D::otpRequest},
		{"POST", "/api/accounts/otp/verify",               Auth::None,   "otpVerify",      OTP,                     false, D::otpVerify},
		{"POST", "/api/accounts/password-reset/request",   Auth::None,   "passwordForgot", {},                      false, D::passwordForgot},
		{"POST", "/api/accounts/password-reset/confirm",   Auth::None,   "passwordReset",  D::NEW_PASSWORD_ALIASES, false, D::passwordReset},
	}, {"/api/accounts/", "/api/token/"}};
	return TABLE;
}


} } // namespace AuthServer::Http
