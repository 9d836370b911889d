//
// PasswordPolicy.cpp
//


#include "AuthServer/Identity/PasswordPolicy.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/String.h"
#include "Poco/UTF8String.h"
#include "Poco/Unicode.h"
#include "Poco/UTF8Encoding.h"


using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Identity {


PasswordPolicy::PasswordPolicy(int minLength, int maxLength, const std::string& commonPasswordsFile):
	_minLength(minLength),
	_maxLength(maxLength)
{
	if (!Poco::File(commonPasswordsFile).exists()) throw Poco::FileNotFoundException("common-password list", commonPasswordsFile);
	Poco::FileInputStream in(commonPasswordsFile);
	std::string line;
	while (std::getline(in, line))
	{
		if (!line.empty() && line.back() == '\r') line.pop_back();
		if (line.empty()) continue;
		_common.insert(Poco::toLower(line));
	}
}


std::size_t PasswordPolicy::codePoints(const std::string& utf8)
{
	Poco::UTF8Encoding encoding;
	std::size_t count = 0;
	const unsigned char* p = reinterpret_cast<const unsigned char*>(utf8.data());
	const unsigned char* end = p + utf8.size();
	while (p < end)
	{
		int n = encoding.sequenceLength(p, static_cast<int>(end - p));
		if (n <= 0 || p + n > end || encoding.queryConvert(p, n) < 0)
			throw Poco::DataFormatException("malformed UTF-8");
		p += n;
		++count;
	}
	return count;
}


void PasswordPolicy::check(const std::string& password, const std::string& field, const std::string& email, const std::string& fullName) const
{
	std::size_t length = 0;
	try
	{
		length = codePoints(password);
	}
	catch (Poco::DataFormatException&)
	{
		throw ValidationException(field, "The password is not valid UTF-8.");
	}
	if (length < static_cast<std::size_t>(_minLength))
		throw ValidationException(field, "The password must be at least " + std::to_string(_minLength) + " characters long.", Problem::WeakPassword);
	if (length > static_cast<std::size_t>(_maxLength))
		throw ValidationException(field, "The password must be at most " + std::to_string(_maxLength) + " characters long.", Problem::WeakPassword);
	std::string lower = Poco::toLower(password);
	if (_common.count(lower))
		throw ValidationException(field, "This password is too common.", Problem::WeakPassword);
	std::string lowerEmail = Poco::toLower(email);
	std::string localPart = lowerEmail.substr(0, lowerEmail.find('@'));
	std::string lowerName = Poco::toLower(Poco::trim(fullName));
	if ((!lowerEmail.empty() && (lower == lowerEmail || lower == localPart)) || (!lowerName.empty() && lower == lowerName))
		throw ValidationException(field, "The password must not be your email address or name.", Problem::WeakPassword);
}


std::size_t PasswordPolicy::listSize() const
{
	return _common.size();
}


int PasswordPolicy::minLength() const
{
	return _minLength;
}


int PasswordPolicy::maxLength() const
{
	return _maxLength;
}


} } // namespace AuthServer::Identity
