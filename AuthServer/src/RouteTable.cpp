//
// RouteTable.cpp
//


#include "AuthServer/Http/RouteTable.h"
#include "handlers/HealthHandler.h"
#include "handlers/JwksHandler.h"
#include "handlers/LoginHandler.h"
#include "handlers/LogoutHandler.h"
#include "handlers/PasswordChangeHandler.h"
#include "handlers/ProfileGetHandler.h"
#include "handlers/ProfileUpdateHandler.h"
#include "handlers/ReadyHandler.h"
#include "handlers/RegisterHandler.h"
#include "handlers/ResendVerificationHandler.h"
#include "handlers/TokenRefreshHandler.h"
#include "handlers/VerifyEmailHandler.h"


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
	// Rate-limit buckets (last column, RateLimiter): login, register, and for
	// the routes still to come POST /api/auth/password/forgot ->
	// "passwordForgot", POST /api/auth/otp/request -> "otpRequest",
	// POST /api/auth/otp/verify -> "otpVerify" (limits: rateLimit.* keys).
	static const std::vector<Route> ROUTES =
	{
		{"POST",   "/api/auth/register",             Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new RegisterHandler(s, m, false); }, "register"},
		{"POST",   "/api/auth/register/supplier",    Auth::None,   [](const ServerContext& s, const RouteMatch& m) -> Poco::Net::HTTPRequestHandler* { return new RegisterHandler(s, m, true); }, "register"},
		{"POST",   "/api/auth/verify-email",         Auth::None,   make<VerifyEmailHandler>()},
		{"POST",   "/api/auth/resend-verification",  Auth::None,   make<ResendVerificationHandler>()},
		{"POST",   "/api/auth/login",                Auth::None,   make<LoginHandler>(),          "login"},
		{"POST",   "/api/auth/token/refresh",        Auth::None,   make<TokenRefreshHandler>()},
		{"POST",   "/api/auth/logout",               Auth::Access, make<LogoutHandler>()},
		{"POST",   "/api/auth/password/change",      Auth::Access, make<PasswordChangeHandler>()},
		{"GET",    "/api/auth/profile",              Auth::Access, make<ProfileGetHandler>()},
		{"PATCH",  "/api/auth/profile",              Auth::Access, make<ProfileUpdateHandler>()},
		{"PUT",    "/api/auth/profile",              Auth::Access, make<ProfileUpdateHandler>()},
		{"GET",    "/health",                        Auth::None,   make<HealthHandler>()},
		{"GET",    "/ready",                         Auth::None,   make<ReadyHandler>()},
		{"GET",    "/.well-known/jwks.json",         Auth::None,   make<JwksHandler>()},
	};
	return ROUTES;
}


} } // namespace AuthServer::Http
