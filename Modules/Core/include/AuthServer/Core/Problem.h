//
// Problem.h
//
// The stable error codes of API.md and their HTTP status (RFC 9457).
//


#ifndef AuthServer_Core_Problem_INCLUDED
#define AuthServer_Core_Problem_INCLUDED


#include <string>


namespace AuthServer {
namespace Core {


enum class Problem
	/// The stable, machine-readable error codes of the wire contract
	/// (API.md "Stable error codes"). Each maps to one HTTP status and one
	/// title in ProblemCatalog; never renumber or rename them.
{
	ValidationError,
	InvalidJson,
	PayloadTooLarge,
	UnsupportedMediaType,
	InvalidCredentials,
	InvalidToken,
	TokenExpired,
	TokenReused,
	EmailNotVerified,
	AccountInactive,
	AccountLocked,
	Forbidden,
	NotFound,
	MethodNotAllowed,
	Conflict,
	InvalidOtp,
	OtpExpired,
	OtpAttemptsExceeded,
	InvalidPhoneNumber,
	WeakPassword,
	PasswordMismatch,
	InvalidCredential,
	RateLimited,
	ServiceUnavailable,
	InternalError
};


class ProblemCatalog
	/// The one table that maps a Problem to its `code` string, HTTP status
	/// and human title for RFC 9457 problem details.
{
public:
	static const std::string& code(Problem problem);
		/// Returns the snake_case code, e.g. "invalid_token".

	static int status(Problem problem);
		/// Returns the HTTP status code, e.g. 401.

	static const std::string& title(Problem problem);
		/// Returns a short, generic human title, e.g. "Invalid token".

	static std::string type(Problem problem);
		/// Returns the problem type URI
		/// "https://authserver.dev/problems/<code>" (RFC 9457 §3.1.1).
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_Problem_INCLUDED
