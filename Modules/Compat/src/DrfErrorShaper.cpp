//
// DrfErrorShaper.cpp
//


#include "AuthServer/Compat/DrfErrorShaper.h"
#include "AuthServer/Compat/CompatBody.h"
#include "Poco/JSON/Array.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Compat {


namespace
{
	Poco::JSON::Array::Ptr list(const std::string& message)
	{
		Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
		array->add(message);
		return array;
	}

	void field(ShapedError& answer, const std::string& name, const std::string& message)
	{
		Poco::JSON::Array::Ptr existing = answer.pBody->getArray(name);
		if (existing) existing->add(message);
		else answer.pBody->set(name, list(message));
	}

	void detail(ShapedError& answer, const std::string& text)
	{
		answer.pBody->set("detail", text);
	}

	std::string seconds(int n)
	{
		if (n < 1) n = 1;
		return std::to_string(n) + (n == 1 ? " second." : " seconds.");
	}

	bool blacklisted(const AuthException& exception)
	{
		// Rotated past the grace, logged out or revoked: the session or the
		// token is known and dead (simplejwt's blacklist).
		if (exception.problem() == Problem::TokenReused) return true;
		const std::string& m = exception.message();
		return m == "Token is blacklisted" || m == "The session has ended." || m == "The token has been revoked." ||
			m.find("just rotated") != std::string::npos;
	}
}


bool DrfErrorShaper::isBadAuthorizationHeader(const std::string& authorization)
{
	Poco::StringTokenizer parts(authorization, " \t", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
	if (parts.count() == 0 || parts[0] != "Bearer") return false;
	return parts.count() != 2;
}


std::string DrfErrorShaper::message(const std::string& native)
{
	static const Poco::RegularExpression TOO_SHORT("^The password must be at least ([0-9]+) characters long");
	Poco::RegularExpression::MatchVec match;
	if (TOO_SHORT.match(native, 0, match) && match.size() == 2)
		return "This password is too short. It must contain at least " + native.substr(match[1].offset, match[1].length) + " characters.";
	if (native.compare(0, 24, "This password is too com") == 0) return "This password is too common.";
	if (native.compare(0, 41, "The password must not be based on your em") == 0) return "The password is too similar to the email address.";
	if (native == "The two passwords do not match.") return "Password fields didn't match.";
	if (native == "The current password is incorrect.") return "Wrong password.";
	return native;
}


ShapedError DrfErrorShaper::shape(const AuthException& exception, const ErrorContext& context)
{
	ShapedError answer;
	answer.status = exception.status();
	Problem problem = exception.problem();
	const auto* pValidation = dynamic_cast<const Core::ValidationException*>(&exception);
	switch (problem)
	{
	case Problem::ValidationError:
	case Problem::WeakPassword:
	case Problem::PasswordMismatch:
	case Problem::InvalidPhoneNumber:
		answer.status = 400;
		if (pValidation && !pValidation->errors().empty())
		{
			for (const auto& entry: pValidation->errors())
			{
				std::string name = entry.first;
				// Django names the mismatch on the password field.
				if (problem == Problem::PasswordMismatch)
					name = name == "password_confirm" ? context.sent("password") : context.sent("new_password");
				else if (name != CompatBody::NON_FIELD_ERRORS)
					name = context.sent(name);
				for (const std::string& m: entry.second) field(answer, name, message(m));
			}
		}
		else field(answer, CompatBody::NON_FIELD_ERRORS, message(exception.message()));
		break;
	case Problem::Conflict:
		answer.status = 400;
		if (Poco::toLower(exception.message()).find("phone") != std::string::npos)
			field(answer, context.sent("phone_number"), "user with this phone number already exists.");
		else field(answer, "email", "user with this email already exists.");
		break;
	case Problem::InvalidJson:
		answer.status = 400;
		if (exception.message() == "The body must be a JSON object.")
			field(answer, CompatBody::NON_FIELD_ERRORS, "Invalid data. Expected a dictionary, but got list.");
		else detail(answer, "JSON parse error - " + exception.message());
		break;
	case Problem::InvalidOtp:
	case Problem::OtpExpired:
		answer.status = 400;
		field(answer, context.sent("code"), "Invalid or expired OTP.");
		break;
	case Problem::OtpAttemptsExceeded:
		answer.status = 400;
		field(answer, context.sent("code"), "Too many wrong attempts. Request a new OTP.");
		break;
	case Problem::InvalidCredentials:
		answer.status = 401;
		detail(answer, "No active account found with the given credentials");
		break;
	case Problem::AccountInactive:
		if (exception.status() == 403 && exception.message().find("not activated") != std::string::npos)
		{
			detail(answer, exception.message());
			break;
		}
		answer.status = 401;
		detail(answer, "No active account found with the given credentials");
		break;
	case Problem::EmailNotVerified:
		answer.status = 403;
		detail(answer, "Email address is not verified.");
		break;
	case Problem::InvalidToken:
	case Problem::TokenExpired:
	case Problem::TokenReused:
		if (exception.status() == 400)
		{
			// A verification or reset token (or the code of an email).
			if (context.given.count("code") && !context.given.count("token"))
				field(answer, context.sent("code"), "Invalid or expired OTP.");
			else field(answer, "token", "Invalid or expired token.");
			break;
		}
		answer.status = 401;
		if (context.refreshRoute)
		{
			if (blacklisted(exception)) detail(answer, "Token is blacklisted");
			else if (exception.message() == "Token has wrong type") detail(answer, "Token has wrong type");
			else detail(answer, "Token is invalid or expired");
			answer.pBody->set("code", "token_not_valid");
		}
		else if (isBadAuthorizationHeader(context.authorization))
		{
			detail(answer, "Authorization header must contain two space-delimited values");
			answer.pBody->set("code", "bad_authorization_header");
		}
		else if (context.authorization.compare(0, 7, "Bearer ") != 0)
		{
			detail(answer, "Authentication credentials were not provided.");
		}
		else
		{
			detail(answer, "Given token not valid for any token type");
			answer.pBody->set("code", "token_not_valid");
			Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
			item->set("token_class", "AccessToken");
			item->set("token_type", "access");
			item->set("message", "Token is invalid or expired");
			Poco::JSON::Array::Ptr messages = new Poco::JSON::Array;
			messages->add(item);
			answer.pBody->set("messages", messages);
		}
		break;
	case Problem::Forbidden:
		answer.status = 403;
		detail(answer, "You do not have permission to perform this action.");
		break;
	case Problem::NotFound:
		answer.status = 404;
		detail(answer, "Not found.");
		break;
	case Problem::MethodNotAllowed:
		answer.status = 405;
		detail(answer, "Method \"" + context.method + "\" not allowed.");
		if (!context.allow.empty()) answer.headers.emplace_back("Allow", context.allow);
		break;
	case Problem::PayloadTooLarge:
		answer.status = 413;
		detail(answer, "Request body is too large.");
		break;
	case Problem::UnsupportedMediaType:
		answer.status = 415;
		detail(answer, "Unsupported media type \"" + (context.contentType.empty() ? std::string("text/plain") : context.contentType) + "\" in request.");
		break;
	case Problem::RateLimited:
	case Problem::AccountLocked:
		answer.status = 429;
		detail(answer, "Request was throttled. Expected available in " + seconds(exception.retryAfter()));
		answer.headers.emplace_back("Retry-After", std::to_string(exception.retryAfter() < 1 ? 1 : exception.retryAfter()));
		break;
	case Problem::ServiceUnavailable:
		answer.status = 503;
		detail(answer, "Service temporarily unavailable, try again later.");
		answer.headers.emplace_back("Retry-After", std::to_string(exception.retryAfter() < 1 ? 1 : exception.retryAfter()));
		break;
	case Problem::InvalidCredential:
		// A passkey refusal (native routes only; no DRF client sends one).
		answer.status = 400;
		detail(answer, exception.message());
		break;
	case Problem::InternalError:
		answer.status = 500;
		detail(answer, "A server error occurred.");
		break;
	}
	if (answer.status == 401) answer.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"api\"");
	return answer;
}


} } // namespace AuthServer::Compat
