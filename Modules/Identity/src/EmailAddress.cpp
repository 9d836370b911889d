//
// EmailAddress.cpp
//


#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/String.h"
#include "Poco/UTF8String.h"


namespace AuthServer {
namespace Identity {


std::string EmailAddress::normalize(const std::string& raw)
{
	return Poco::UTF8::toLower(Poco::trim(raw));
}


bool EmailAddress::isValid(const std::string& email)
{
	if (email.size() < 3 || email.size() > 254) return false;
	std::size_t at = email.find('@');
	if (at == std::string::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string::npos) return false;
	for (unsigned char c: email)
		if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' || c == '\\' || c == '(' || c == ')') return false;
	std::string domain = email.substr(at + 1);
	if (domain.empty() || domain.front() == '.' || domain.back() == '.' || domain.find('.') == std::string::npos || domain.find("..") != std::string::npos) return false;
	for (unsigned char c: domain)
		if (!(std::isalnum(c) || c == '-' || c == '.' || c >= 0x80)) return false;
	return true;
}


std::string EmailAddress::require(const std::string& raw, const std::string& field)
{
	std::string email = normalize(raw);
	if (email.empty()) throw Core::ValidationException(field, "This field is required.");
	if (!isValid(email)) throw Core::ValidationException(field, "Enter a valid email address.");
	return email;
}


} } // namespace AuthServer::Identity
