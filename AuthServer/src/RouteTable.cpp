//
// RouteTable.cpp
//


#include "AuthServer/Http/RouteTable.h"
#include "handlers/AccountStyleHandler.h"
#include "handlers/AdminAuditListHandler.h"
#include "handlers/AdminUserGetHandler.h"
#include "handlers/AdminUserMfaResetHandler.h"
#include "handlers/AdminUserUpdateHandler.h"
#include "handlers/AdminUsersListHandler.h"
#include "handlers/HealthHandler.h"
#include "handlers/JwksHandler.h"
#include "handlers/LoginHandler.h"
#include "handlers/LoginMfaHandler.h"
#include "handlers/LoginOtpHandler.h"
#include "handlers/LogoutHandler.h"
#include "handlers/MetricsHandler.h"
#include "handlers/MfaRecoveryCodesHandler.h"
#include "handlers/MfaTotpConfirmHandler.h"
#include "handlers/MfaTotpDeleteHandler.h"
#include "handlers/MfaTotpSetupHandler.h"
#include "handlers/OpenApiDocumentHandler.h"
#include "handlers/OtpRequestHandler.h"
#include "handlers/OtpVerifyHandler.h"
#include "handlers/PasswordChangeHandler.h"
#include "handlers/PasswordForgotHandler.h"
#include "handlers/PasswordResetHandler.h"
#include "handlers/PhoneLoginHandler.h"
#include "handlers/PhoneSignupHandler.h"
#include "handlers/PhoneVerifyLoginHandler.h"
#include "handlers/PhoneVerifySignupHandler.h"
#include "handlers/ProfileCompleteHandler.h"
#include "handlers/ProfileGetHandler.h"
#include "handlers/ProfileUpdateHandler.h"
#include "handlers/ReadyHandler.h"
#include "handlers/RegisterHandler.h"
#include "handlers/ResetPasswordPageHandler.h"
#include "handlers/ResendVerificationHandler.h"
#include "handlers/SessionRevokeHandler.h"
#include "handlers/SessionsListHandler.h"
#include "handlers/SwaggerUiHandler.h"
#include "handlers/TokenRefreshHandler.h"
#include "handlers/VerifyEmailHandler.h"
#include "handlers/VerifyEmailPageHandler.h"
#include "handlers/WebAuthnCredentialDeleteHandler.h"
#include "handlers/WebAuthnCredentialsListHandler.h"
#include "handlers/WebAuthnLoginOptionsHandler.h"
#include "handlers/WebAuthnLoginVerifyHandler.h"
#include "handlers/WebAuthnRegisterOptionsHandler.h"
#include "handlers/WebAuthnRegisterVerifyHandler.h"


namespace AuthServer {
namespace Http {


namespace
{
	template <class H>
	Route::Factory make()
	{
		return [](const ServerContext& server, const RouteMatch& match) -> Poco::Net::HTTPRequestHandler* { return new H(server, match); };
	}
}


const std::vector<Route>& RouteTable::routes()
{
	// Rate-limit buckets (last column, per client IP, RateLimiter; limits are
	// the rateLimit.* keys): login, register, passwordForgot, otpRequest
	// (code sends: OTP, phone sign-up/login), otpVerify (code and link
	// checks), resendVerification, passwordReset, passwordChange,
	// tokenRefresh, profileUpdate (issue 17 finding 9: no unauthenticated or
	// state-changing route is left without one).
	static const std::vector<Route> ROUTES =
	{
		{"POST",   "/api/auth/register",             Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new RegisterHandler(s, m, false); }, "register"},
		{"POST",   "/api/auth/register/supplier",    Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new RegisterHandler(s, m, true); }, "register"},
		{"POST",   "/api/auth/verify-email",         Auth::None,   make<VerifyEmailHandler>(),       "otpVerify"},
		{"POST",   "/api/auth/resend-verification",  Auth::None,   make<ResendVerificationHandler>(), "resendVerification"},
		{"POST",   "/api/auth/login",                Auth::None,   make<LoginHandler>(),          "login"},
		{"POST",   "/api/auth/login/otp",            Auth::None,   make<LoginOtpHandler>(),       "otpVerify"},
		{"POST",   "/api/auth/token/refresh",        Auth::None,   make<TokenRefreshHandler>(),     "tokenRefresh"},
		{"POST",   "/api/auth/logout",               Auth::Access, make<LogoutHandler>()},
		{"POST",   "/api/auth/otp/request",          Auth::None,   make<OtpRequestHandler>(),      "otpRequest"},
		{"POST",   "/api/auth/otp/verify",           Auth::None,   make<OtpVerifyHandler>(),       "otpVerify"},
		{"POST",   "/api/auth/password/forgot",      Auth::None,   make<PasswordForgotHandler>(),  "passwordForgot"},
		{"POST",   "/api/auth/password/reset",       Auth::None,   make<PasswordResetHandler>(),   "passwordReset"},
		{"POST",   "/api/auth/password/change",      Auth::Access, make<PasswordChangeHandler>(),  "passwordChange"},
		{"GET",    "/api/auth/profile",              Auth::Access, make<ProfileGetHandler>()},
		{"PATCH",  "/api/auth/profile",              Auth::Access, make<ProfileUpdateHandler>(),   "profileUpdate"},
		{"PUT",    "/api/auth/profile",              Auth::Access, make<ProfileUpdateHandler>(),   "profileUpdate"},
		{"POST",   "/api/auth/profile/complete",     Auth::Access, make<ProfileCompleteHandler>()},
		{"POST",   "/api/auth/phone/signup",         Auth::None,   make<PhoneSignupHandler>(),     "otpRequest"},
		{"POST",   "/api/auth/phone/verify-signup",  Auth::None,   make<PhoneVerifySignupHandler>(), "otpVerify"},
		{"POST",   "/api/auth/phone/login",          Auth::None,   make<PhoneLoginHandler>(),      "otpRequest"},
		{"POST",   "/api/auth/phone/verify-login",   Auth::None,   make<PhoneVerifyLoginHandler>(), "otpVerify"},
		{"GET",    "/api/auth/sessions",             Auth::Access, make<SessionsListHandler>()},
		{"DELETE", "/api/auth/sessions/{id}",        Auth::Access, make<SessionRevokeHandler>()},
		{"GET",    "/api/admin/users",               Auth::Admin,  make<AdminUsersListHandler>()},
		{"GET",    "/api/admin/users/{id}",          Auth::Admin,  make<AdminUserGetHandler>()},
		{"PATCH",  "/api/admin/users/{id}",          Auth::Admin,  make<AdminUserUpdateHandler>()},
		{"GET",    "/api/admin/audit",               Auth::Admin,  make<AdminAuditListHandler>()},
		{"GET",    "/health",                        Auth::None,   make<HealthHandler>()},
		{"GET",    "/ready",                         Auth::None,   make<ReadyHandler>()},
		{"GET",    "/metrics",                       Auth::None,   make<MetricsHandler>()},
		{"GET",    "/api/openapi.json",              Auth::None,   make<OpenApiDocumentHandler>()},
		{"GET",    "/api/docs",                      Auth::None,   make<SwaggerUiHandler>()},
		{"GET",    "/api/docs/{file}",               Auth::None,   make<SwaggerUiHandler>()},
		{"GET",    "/.well-known/jwks.json",         Auth::None,   make<JwksHandler>()},
		// Hosted pages behind the links in mails (AccountPages); the root
		// paths only while app.frontendUrl is empty (else 404).
		{"GET",    "/verify-email",                  Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new VerifyEmailPageHandler(s, m, true); }},
		{"GET",    "/reset-password",                Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new ResetPasswordPageHandler(s, m, true); }},
		{"GET",    "/account/verify-email",          Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new VerifyEmailPageHandler(s, m, false); }},
		{"POST",   "/account/verify-email",          Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new VerifyEmailPageHandler(s, m, false); }, "otpVerify"},
		{"GET",    "/account/reset-password",        Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new ResetPasswordPageHandler(s, m, false); }},
		{"POST",   "/account/reset-password",        Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new ResetPasswordPageHandler(s, m, false); }, "passwordReset"},
		{"GET",    "/account/style.css",             Auth::None,   make<AccountStyleHandler>()},
		// Second factors (authenticator apps, passkeys). Code and passkey
		// checks share the otpVerify bucket; set-ups the profileUpdate one;
		// passwordless login options the login one.
		{"POST",   "/api/auth/mfa/totp/setup",       Auth::Access, make<MfaTotpSetupHandler>(),      "profileUpdate"},
		{"POST",   "/api/auth/mfa/totp/confirm",     Auth::Access, make<MfaTotpConfirmHandler>(),    "otpVerify"},
		{"DELETE", "/api/auth/mfa/totp",             Auth::Access, make<MfaTotpDeleteHandler>(),     "otpVerify"},
		{"POST",   "/api/auth/mfa/recovery-codes",   Auth::Access, make<MfaRecoveryCodesHandler>(),  "otpVerify"},
		{"POST",   "/api/auth/login/mfa",            Auth::None,   make<LoginMfaHandler>(),          "otpVerify"},
		{"DELETE", "/api/admin/users/{id}/mfa",      Auth::Admin,  make<AdminUserMfaResetHandler>()},
		{"POST",   "/api/auth/webauthn/register/options", Auth::Access, make<WebAuthnRegisterOptionsHandler>(), "profileUpdate"},
		{"POST",   "/api/auth/webauthn/register/verify",  Auth::Access, make<WebAuthnRegisterVerifyHandler>(),  "otpVerify"},
		{"GET",    "/api/auth/webauthn/credentials",      Auth::Access, make<WebAuthnCredentialsListHandler>()},
		{"DELETE", "/api/auth/webauthn/credentials/{id}", Auth::Access, make<WebAuthnCredentialDeleteHandler>()},
		{"POST",   "/api/auth/webauthn/login/options",    Auth::None,   make<WebAuthnLoginOptionsHandler>(),    "login"},
		{"POST",   "/api/auth/webauthn/login/verify",     Auth::None,   make<WebAuthnLoginVerifyHandler>(),     "otpVerify"},
	};
	return ROUTES;
}


} } // namespace AuthServer::Http
