//
// AuthServiceProfile.cpp
//
// Docs/COMPAT.md "auth-service": the native register, login, logout and
// profile routes, plus five DRF + simplejwt routes.
//


#include "CompatOperation.h"
#include "DrfOperations.h"


namespace AuthServer {
namespace Http {


const CompatProfileTable& authServiceProfile()
{
	using D = DrfOperations;
	static const Compat::CompatBody::Aliases PROFILE = {{"avatar", "avatar_url"}};
	static const CompatProfileTable TABLE = {"auth-service",
	{
		{"POST",  "/api/auth/refresh",          Auth::None,   "tokenRefresh",   D::REFRESH_ALIASES,      true,  D::refresh},
		{"PUT",   "/api/auth/profile/update",   Auth::Access, "profileUpdate",  PROFILE,                 false, D::updateProfile},
		{"PATCH", "/api/auth/profile/update",   Auth::Access, "profileUpdate",  PROFILE,                 false, D::updateProfile},
		{"POST",  "/api/auth/forgot-password",  Auth::None,   "passwordForgot", {},                      false, D::passwordForgot},
		{"POST",  "/api/auth/reset-password",   Auth::None,   "passwordReset",  D::NEW_PASSWORD_ALIASES, false, D::passwordReset},
		{"POST",  "/api/auth/change-password",  Auth::Access, "passwordChange", D::NEW_PASSWORD_ALIASES, false, D::passwordChange},
	}};
	return TABLE;
}


} } // namespace AuthServer::Http
