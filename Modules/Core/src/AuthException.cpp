//
// AuthException.cpp
//


#include "AuthServer/Core/AuthException.h"
#include <typeinfo>


namespace AuthServer {
namespace Core {


AuthException::AuthException(Problem problem, const std::string& detail):
	Poco::Exception(detail, ProblemCatalog::status(problem)),
	_problem(problem),
	_status(ProblemCatalog::status(problem))
{
}


AuthException::AuthException(Problem problem, const std::string& detail, int status):
	Poco::Exception(detail, status),
	_problem(problem),
	_status(status)
{
}


Problem AuthException::problem() const
{
	return _problem;
}


int AuthException::status() const
{
	return _status;
}


int AuthException::retryAfter() const
{
	return _retryAfter;
}


AuthException& AuthException::setRetryAfter(int seconds)
{
	_retryAfter = seconds;
	return *this;
}


const char* AuthException::name() const noexcept
{
	return "Authentication error";
}


const char* AuthException::className() const noexcept
{
	return typeid(*this).name();
}


Poco::Exception* AuthException::clone() const
{
	return new AuthException(*this);
}


void AuthException::rethrow() const
{
	throw *this;
}


ValidationException::ValidationException(const FieldErrors& errors, Problem problem, const std::string& detail):
	AuthException(problem, detail),
	_errors(errors)
{
}


ValidationException::ValidationException(const std::string& field, const std::string& message, Problem problem):
	AuthException(problem, message),
	_errors{{field, {message}}}
{
}


const ValidationException::FieldErrors& ValidationException::errors() const
{
	return _errors;
}


const char* ValidationException::name() const noexcept
{
	return "Validation error";
}


const char* ValidationException::className() const noexcept
{
	return typeid(*this).name();
}


Poco::Exception* ValidationException::clone() const
{
	return new ValidationException(*this);
}


void ValidationException::rethrow() const
{
	throw *this;
}


ConfigurationException::ConfigurationException(const std::string& key, const std::string& message):
	Poco::Exception(key + ": " + message),
	_key(key)
{
}


const std::string& ConfigurationException::key() const
{
	return _key;
}


const char* ConfigurationException::name() const noexcept
{
	return "Configuration error";
}


const char* ConfigurationException::className() const noexcept
{
	return typeid(*this).name();
}


Poco::Exception* ConfigurationException::clone() const
{
	return new ConfigurationException(*this);
}


void ConfigurationException::rethrow() const
{
	throw *this;
}


} } // namespace AuthServer::Core
