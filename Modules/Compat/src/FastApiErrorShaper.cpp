//
// FastApiErrorShaper.cpp
//


#include "AuthServer/Compat/FastApiErrorShaper.h"
#include "AuthServer/Compat/CompatBody.h"
#include "Poco/JSON/Array.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Compat {


namespace
{
	Poco::JSON::Object::Ptr item(const Poco::Dynamic::Var& where, const std::string& msg, const std::string& type)
	{
		Poco::JSON::Array::Ptr loc = new Poco::JSON::Array;
		loc->add(std::string("body"));
		loc->add(where);
		Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
		o->set("loc", loc);
		o->set("msg", msg);
		o->set("type", type);
		return o;
	}

	int retry(const AuthException& exception)
	{
		return exception.retryAfter() < 1 ? 1 : exception.retryAfter();
	}
}


ShapedError FastApiErrorShaper::shape(const AuthException& exception, const ErrorContext& context)
{
	ShapedError answer;
	answer.status = exception.status();
	const auto* pValidation = dynamic_cast<const Core::ValidationException*>(&exception);
	switch (exception.problem())
	{
	case Problem::ValidationError:
	case Problem::WeakPassword:
	case Problem::PasswordMismatch:
	case Problem::InvalidPhoneNumber:
	{
		answer.status = 422;
		Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
		if (pValidation && !pValidation->errors().empty())
		{
			for (const auto& entry: pValidation->errors())
			{
				std::string name = entry.first == CompatBody::NON_FIELD_ERRORS ? std::string("body") : context.sent(entry.first);
				for (const std::string& m: entry.second)
				{
					if (m == "This field is required.") items->add(item(name, "Field required", "missing"));
					else if (m == "Not a valid string.") items->add(item(name, "Input should be a valid string", "string_type"));
					else items->add(item(name, "Value error, " + m, "value_error"));
				}
			}
		}
		else items->add(item(std::string("body"), "Value error, " + exception.message(), "value_error"));
		answer.pBody->set("detail", items);
		break;
	}
	case Problem::InvalidJson:
	{
		answer.status = 422;
		Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
		items->add(item(0, "JSON decode error", "json_invalid"));
		answer.pBody->set("detail", items);
		break;
	}
	case Problem::InvalidOtp:
	case Problem::OtpExpired:
		answer.status = 400;
		answer.pBody->set("detail", "Invalid or expired OTP");
		break;
	case Problem::OtpAttemptsExceeded:
		answer.status = 429;
		answer.pBody->set("detail", "Too many failed attempts. Request a new OTP");
		break;
	case Problem::InvalidToken:
	case Problem::TokenExpired:
	case Problem::TokenReused:
		if (exception.status() == 400)
		{
			answer.pBody->set("detail", exception.message());
			break;
		}
		answer.status = 401;
		answer.pBody->set("detail", context.authorization.compare(0, 7, "Bearer ") != 0 ? "Not authenticated" : "Could not validate credentials");
		break;
	case Problem::AccountInactive:
		answer.status = 403;
		answer.pBody->set("detail", "Inactive user");
		break;
	case Problem::RateLimited:
	case Problem::AccountLocked:
		answer.status = 429;
		answer.pBody->set("detail", "Too Many Requests");
		answer.headers.emplace_back("Retry-After", std::to_string(retry(exception)));
		break;
	case Problem::NotFound:
		answer.status = 404;
		answer.pBody->set("detail", "Not Found");
		break;
	case Problem::MethodNotAllowed:
		answer.status = 405;
		answer.pBody->set("detail", "Method Not Allowed");
		if (!context.allow.empty()) answer.headers.emplace_back("Allow", context.allow);
		break;
	case Problem::PayloadTooLarge:
		answer.status = 413;
		answer.pBody->set("detail", "Request Entity Too Large");
		break;
	case Problem::UnsupportedMediaType:
		answer.status = 415;
		answer.pBody->set("detail", "Unsupported Media Type");
		break;
	case Problem::ServiceUnavailable:
		answer.status = 503;
		answer.pBody->set("detail", "Service Unavailable");
		answer.headers.emplace_back("Retry-After", std::to_string(retry(exception)));
		break;
	case Problem::InternalError:
		answer.status = 500;
		answer.pBody->set("detail", "Internal Server Error");
		break;
	default:
		// Conflicts, credentials, forbidden...: the native text.
		answer.pBody->set("detail", exception.message());
		break;
	}
	if (answer.status == 401) answer.headers.emplace_back("WWW-Authenticate", "Bearer");
	return answer;
}


} } // namespace AuthServer::Compat
