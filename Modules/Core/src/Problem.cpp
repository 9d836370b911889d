//
// Problem.cpp
//


#include "AuthServer/Core/Problem.h"


namespace AuthServer {
namespace Core {


namespace
{
	struct Entry
	{
		std::string code;
		int status;
		std::string title;
	};

	// In the order of the Problem enum; API.md "Stable error codes".
	const Entry ENTRIES[] =
	{
		{"validation_error", 400, "Validation failed"},
		{"invalid_json", 400, "Malformed JSON body"},
		{"payload_too_large", 413, "Request body too large"},
		{"unsupported_media_type", 415, "Unsupported media type"},
		{"invalid_credentials", 401, "Invalid credentials"},
		{"invalid_token", 401, "Invalid token"},
		{"token_expired", 401, "Token expired"},
		{"token_reused", 401, "Refresh token reused"},
		{"email_not_verified", 403, "Email not verified"},
		{"account_inactive", 403, "Account inactive"},
		{"account_locked", 423, "Account locked"},
		{"forbidden", 403, "Forbidden"},
		{"not_found", 404, "Not found"},
		{"method_not_allowed", 405, "Method not allowed"},
		{"conflict", 409, "Conflict"},
		{"invalid_otp", 400, "Invalid code"},
		{"otp_expired", 400, "Code expired"},
		{"otp_attempts_exceeded", 429, "Too many attempts"},
		{"invalid_phone_number", 400, "Invalid phone number"},
		{"weak_password", 400, "Weak password"},
		{"password_mismatch", 400, "Passwords do not match"},
		{"invalid_credential", 400, "Invalid passkey"},
		{"rate_limited", 429, "Too many requests"},
		{"service_unavailable", 503, "Service unavailable"},
		{"internal_error", 500, "Internal error"}
	};

	const Entry& entry(Problem problem)
	{
		return ENTRIES[static_cast<int>(problem)];
	}
}


const std::string& ProblemCatalog::code(Problem problem)
{
	return entry(problem).code;
}


int ProblemCatalog::status(Problem problem)
{
	return entry(problem).status;
}


const std::string& ProblemCatalog::title(Problem problem)
{
	return entry(problem).title;
}


std::string ProblemCatalog::type(Problem problem)
{
	return "https://authserver.dev/problems/" + entry(problem).code;
}


} } // namespace AuthServer::Core
