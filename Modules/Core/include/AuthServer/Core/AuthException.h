//
// AuthException.h
//
// The exception hierarchy that services throw and the HTTP layer renders
// as RFC 9457 problem details.
//


#ifndef AuthServer_Core_AuthException_INCLUDED
#define AuthServer_Core_AuthException_INCLUDED


#include "AuthServer/Core/Problem.h"
#include "Poco/Exception.h"
#include <map>
#include <string>
#include <vector>


namespace AuthServer {
namespace Core {


class AuthException: public Poco::Exception
	/// A client-visible failure: carries the Problem (code + status) and a
	/// detail sentence that is safe to show to the caller (never a secret,
	/// SQL or library name). Anything else thrown becomes internal_error.
{
public:
	AuthException(Problem problem, const std::string& detail);
		/// Creates the exception; detail is the RFC 9457 "detail" member.

	AuthException(Problem problem, const std::string& detail, int status);
		/// As above with another HTTP status than the table's, where API.md
		/// says so (verify-email and password reset answer invalid_token
		/// with 400, not 401).

	Problem problem() const;
		/// Returns the problem code.

	int status() const;
		/// Returns the HTTP status of the problem.

	int retryAfter() const;
		/// Returns the Retry-After value in seconds, or 0 for none.

	AuthException& setRetryAfter(int seconds);
		/// Sets the Retry-After value (seconds, RFC 9110 §10.2.3) sent with
		/// 429, 423 and 503 answers.

	const char* name() const noexcept override;
	const char* className() const noexcept override;
	Poco::Exception* clone() const override;
	void rethrow() const override;

private:
	Problem _problem;
	int _status;
	int _retryAfter = 0;
};


class ValidationException: public AuthException
	/// A 400 validation_error (or another 400 problem such as
	/// weak_password) with per-field messages: the RFC 9457 "errors"
	/// extension member, {"field": ["message", ...]}.
{
public:
	using FieldErrors = std::map<std::string, std::vector<std::string>>;

	explicit ValidationException(const FieldErrors& errors, Problem problem = Problem::ValidationError, const std::string& detail = "The request has invalid fields.");
		/// Creates the exception from a non-empty field map.

	ValidationException(const std::string& field, const std::string& message, Problem problem = Problem::ValidationError);
		/// Creates the exception for one field; the detail is the message.

	const FieldErrors& errors() const;
		/// Returns the field messages.

	const char* name() const noexcept override;
	const char* className() const noexcept override;
	Poco::Exception* clone() const override;
	void rethrow() const override;

private:
	FieldErrors _errors;
};


class ConfigurationException: public Poco::Exception
	/// A bad or missing configuration value. The message starts with the
	/// key's name ("jwt.secret: must be at least 32 bytes") so the operator
	/// knows what to fix (CONFIG.md); the server exits non-zero on it.
{
public:
	ConfigurationException(const std::string& key, const std::string& message);

	const std::string& key() const;
		/// Returns the configuration key at fault.

	const char* name() const noexcept override;
	const char* className() const noexcept override;
	Poco::Exception* clone() const override;
	void rethrow() const override;

private:
	std::string _key;
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_AuthException_INCLUDED
