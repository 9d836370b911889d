//
// PasswordPolicy.cpp
//


#include "AuthServer/Identity/PasswordPolicy.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Identity/UnicodeText.h"
#include "Poco/File.h"
#include "Poco/FileStream.h"
#include "Poco/String.h"
#include "Poco/StringTokenizer.h"
#include "Poco/UTF8String.h"
#include "Poco/Unicode.h"
#include "Poco/UTF8Encoding.h"


using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;


namespace AuthServer {
namespace Identity {


PasswordPolicy::PasswordPolicy(int minLength, int maxLength, const std::string& commonPasswordsFile, const std::string& serviceName):
	_minLength(minLength),
	_maxLength(maxLength),
	_breached(commonPasswordsFile),
	_serviceName(BreachedPasswordList::fold(Poco::trim(serviceName)))
{
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
	// Compared as NIST SP 800-63B §5.1.1.2 allows: NFKC, invisible code
	// points dropped, spaces at the ends trimmed, ASCII lookalikes folded
	// (issue 17 finding 10); the password itself is hashed as typed.
	std::string canonical = UnicodeText::passwordComparisonForm(password);
	if (UnicodeText::length(canonical) < static_cast<std::size_t>(_minLength))
		throw ValidationException(field, "The password must be at least " + std::to_string(_minLength) +
			" characters long, not counting spaces at its ends and invisible characters.", Problem::WeakPassword);
	if (_breached.contains(password) || _breached.contains(canonical))
		throw ValidationException(field, "This password is too common: it appears in lists of breached passwords.", Problem::WeakPassword);
	if (isContextSpecific(password, email, fullName) || isContextSpecific(canonical, email, fullName))
		throw ValidationException(field, "The password must not be based on your email address, your name or the name of this service.", Problem::WeakPassword);
}


bool PasswordPolicy::isContextSpecific(const std::string& password, const std::string& email, const std::string& fullName) const
{
	const std::size_t MIN_CONTAINED = 4; // code points of a word refused anywhere in the password
	std::string folded = BreachedPasswordList::fold(password);
	auto size = [](const std::string& s) -> std::size_t
	{
		try
		{
			return codePoints(s);
		}
		catch (Poco::DataFormatException&)
		{
			return s.size();
		}
	};
	auto contains = [&](const std::string& word) { return size(word) >= MIN_CONTAINED && folded.find(word) != std::string::npos; };

	std::string lowerEmail = BreachedPasswordList::fold(Poco::trim(email));
	if (!lowerEmail.empty())
	{
		std::string local = lowerEmail.substr(0, lowerEmail.find('@'));
		if (folded == lowerEmail || folded == local || contains(local)) return true;
	}
	std::string name = BreachedPasswordList::fold(Poco::trim(fullName));
	if (!name.empty())
	{
		std::string joined;
		Poco::StringTokenizer words(name, " \t", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
		for (const std::string& word: words)
		{
			if (folded == word) return true;
			joined += word;
		}
		std::string spaced = Poco::cat(std::string(" "), words.begin(), words.end());
		if (folded == spaced || folded == joined || contains(joined)) return true;
	}
	return !_serviceName.empty() && (folded == _serviceName || contains(_serviceName));
}


std::size_t PasswordPolicy::listSize() const
{
	return _breached.size();
}


const BreachedPasswordList& PasswordPolicy::breachedList() const
{
	return _breached;
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
