//
// UserMapper.cpp
//


#include "AuthServer/DjangoImport/UserMapper.h"
#include "AuthServer/DjangoImport/DjangoPasswordVerifier.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "Poco/DateTimeParser.h"
#include "Poco/DateTimeFormat.h"
#include "Poco/String.h"
#include "Poco/Timestamp.h"
#include <cctype>


namespace AuthServer {
namespace DjangoImport {


namespace
{
	std::string text(const Poco::JSON::Object& fields, const std::string& name)
	{
		if (!fields.has(name)) return std::string();
		Poco::Dynamic::Var value = fields.get(name);
		if (value.isEmpty() || !value.isString()) return std::string();
		return Poco::trim(value.toString());
	}

	std::optional<bool> flag(const Poco::JSON::Object& fields, const std::string& name)
	{
		if (!fields.has(name)) return std::nullopt;
		Poco::Dynamic::Var value = fields.get(name);
		if (value.isEmpty()) return std::nullopt;
		if (value.isBoolean()) return value.extract<bool>();
		if (value.isInteger()) return value.convert<int>() != 0;
		return std::nullopt;
	}

	bool isE164(const std::string& s)
	{
		if (s.size() < 3 || s.size() > 16 || s[0] != '+') return false;
		for (std::size_t i = 1; i < s.size(); ++i)
			if (s[i] < '0' || s[i] > '9') return false;
		return true;
	}

	bool isHttpUrl(const std::string& s)
	{
		std::string lower = Poco::toLower(s);
		return (lower.compare(0, 7, "http://") == 0 || lower.compare(0, 8, "https://") == 0) && s.find_first_of(" \t\r\n") == std::string::npos;
	}
}


UserMapper::UserMapper(const Identity::PhoneNumbers& phones, bool importUnverified):
	_phones(phones),
	_importUnverified(importUnverified)
{
}


bool UserMapper::isValidUsername(const std::string& username)
{
	if (username.empty() || username.size() > 600) return false;
	std::size_t characters = 0;
	for (unsigned char c: username)
	{
		if ((c & 0xC0) != 0x80) ++characters;
		if (c >= 0x80) continue;
		if (std::isalnum(c) || c == '@' || c == '.' || c == '+' || c == '-' || c == '_') continue;
		return false;
	}
	return characters >= 1 && characters <= 150;
}


std::optional<Poco::Int64> UserMapper::parseTime(const std::string& iso)
{
	if (iso.empty()) return std::nullopt;
	Poco::DateTime parsed;
	int zone = 0;
	if (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, iso, parsed, zone)
		|| Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, iso, parsed, zone)
		|| Poco::DateTimeParser::tryParse("%Y-%m-%d", iso, parsed, zone))
	{
		return parsed.timestamp().epochTime() - zone;
	}
	return std::nullopt;
}


std::optional<std::string> UserMapper::phoneFrom(const Poco::JSON::Object& fields, DjangoUser& user) const
{
	for (const char* name: {"phone_number", "phone", "contact", "mobile"})
	{
		std::string raw = text(fields, name);
		if (raw.empty()) continue;
		try
		{
			return _phones.normalize(raw);
		}
		catch (Core::AuthException&)
		{
			user.drops.push_back(std::string("invalid phone number in ") + name + " dropped");
			return std::nullopt;
		}
	}
	std::string username = text(fields, "username");
	if (isE164(username))
	{
		try
		{
			return _phones.normalize(username);
		}
		catch (Core::AuthException&)
		{
		}
	}
	return std::nullopt;
}


DjangoUser UserMapper::map(Poco::Int64 pk, const Poco::JSON::Object& fields) const
{
	DjangoUser user;
	user.pk = pk;
	std::string email = Identity::EmailAddress::normalize(text(fields, "email"));
	if (!email.empty())
	{
		if (Identity::EmailAddress::isValid(email)) user.email = email;
		else user.skipReason = "invalid email";
	}
	user.phoneNumber = phoneFrom(fields, user);
	if (!user.skipReason && !user.email && !user.phoneNumber) user.skipReason = "no email and no phone";

	std::string username = text(fields, "username");
	if (!username.empty())
	{
		if (isValidUsername(username)) user.username = username;
		else user.drops.push_back("invalid username dropped");
	}

	user.fullName = text(fields, "full_name");
	if (user.fullName.empty()) user.fullName = text(fields, "name");
	if (user.fullName.empty()) user.fullName = Poco::trim(text(fields, "first_name") + " " + text(fields, "last_name"));

	user.isActive = flag(fields, "is_active").value_or(true);
	if (flag(fields, "is_superuser").value_or(false) || flag(fields, "is_staff").value_or(false)) user.role = "admin";
	else if (Poco::toLower(text(fields, "role")) == "supplier") user.role = "supplier";

	std::optional<bool> emailVerified = flag(fields, "email_verified");
	if (!emailVerified) emailVerified = flag(fields, "is_email_verified");
	std::optional<bool> phoneVerified = flag(fields, "phone_verified");
	if (!phoneVerified) phoneVerified = flag(fields, "is_phone_verified");
	std::optional<bool> verified = flag(fields, "is_verified");
	if (verified)
	{
		if (user.email) { if (!emailVerified) emailVerified = verified; }
		else if (!phoneVerified) phoneVerified = verified;
	}
	bool assumed = !emailVerified && !phoneVerified && user.isActive && !_importUnverified;
	user.emailVerified = user.email && (emailVerified ? *emailVerified : assumed);
	user.phoneVerified = user.phoneNumber && (phoneVerified ? *phoneVerified : assumed);

	std::string joined = text(fields, "date_joined");
	if (joined.empty()) joined = text(fields, "created_at");
	user.createdAt = parseTime(joined);
	user.lastLoginAt = parseTime(text(fields, "last_login"));

	user.passwordSource = fields.has("password") && fields.get("password").isString() ? fields.get("password").toString() : std::string();
	if (!DjangoPasswordVerifier::isUnusable(user.passwordSource))
	{
		if (!DjangoPasswordVerifier().scheme(user.passwordSource).empty()) user.passwordHash = user.passwordSource;
		else user.drops.push_back("password hasher " + DjangoPasswordVerifier::algorithmName(user.passwordSource).substr(0, 32) + " not supported: no password (reset or one-time code)");
	}
	fillExtras(user, fields);
	return user;
}


void UserMapper::fillFromProfile(DjangoUser& user, const Poco::JSON::Object& fields) const
{
	if (user.fullName.empty()) user.fullName = text(fields, "full_name");
	if (user.fullName.empty()) user.fullName = text(fields, "name");
	if (!user.phoneNumber) user.phoneNumber = phoneFrom(fields, user);
	fillExtras(user, fields);
}


void UserMapper::fillExtras(DjangoUser& user, const Poco::JSON::Object& fields) const
{
	if (user.bio.empty()) user.bio = text(fields, "bio");
	if (user.location.empty()) user.location = text(fields, "location");
	if (!user.birthDate)
	{
		std::string birth = text(fields, "birth_date");
		if (!birth.empty()) user.birthDate = birth.substr(0, 10);
	}
	if (!user.companyName)
	{
		std::string company = text(fields, "company_name");
		if (!company.empty()) user.companyName = company;
	}
	if (user.avatarUrl.empty())
	{
		std::string avatar = text(fields, "avatar");
		if (isHttpUrl(avatar)) user.avatarUrl = avatar;
	}
}


} } // namespace AuthServer::DjangoImport
