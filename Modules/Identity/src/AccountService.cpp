//
// AccountService.cpp
//


#include "AuthServer/Identity/AccountService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Identity/UnicodeText.h"
#include "AuthServer/Identity/PasswordResetService.h"
#include "Poco/Data/DataException.h"
#include "Poco/DateTime.h"
#include "Poco/Logger.h"
#include "Poco/NumberParser.h"
#include "Poco/RegularExpression.h"
#include "Poco/String.h"
#include "Poco/URI.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	bool withinLength(const std::string& value, std::size_t maxCodePoints)
	{
		try
		{
			return PasswordPolicy::codePoints(value) <= maxCodePoints;
		}
		catch (Poco::DataFormatException&)
		{
			return false;
		}
	}

	bool isPastIsoDate(const std::string& value)
	{
		static const Poco::RegularExpression ISO_DATE("^([0-9]{4})-([0-9]{2})-([0-9]{2})$");
		std::vector<std::string> parts;
		if (ISO_DATE.split(value, parts) != 4) return false;
		int y = Poco::NumberParser::parse(parts[1]);
		int m = Poco::NumberParser::parse(parts[2]);
		int d = Poco::NumberParser::parse(parts[3]);
		if (y < 1 || !Poco::DateTime::isValid(y, m, d)) return false;
		Poco::DateTime today;
		Poco::DateTime date(y, m, d);
		return date < Poco::DateTime(today.year(), today.month(), today.day());
	}

	bool isHttpUrl(const std::string& value)
	{
		// RFC 3986 §2, §3.2.1: no space, control or non-ASCII character, no
		// userinfo ("https://bank.example@evil.test/"), no encoded NUL or
		// other control in the decoded parts (issue 17 finding 10).
		if (value.size() > 2048) return false;
		for (unsigned char c: value)
			if (c <= 0x20 || c >= 0x7f) return false;
		try
		{
			Poco::URI uri(value);
			std::string scheme = Poco::toLower(uri.getScheme());
			if ((scheme != "http" && scheme != "https") || uri.getHost().empty() || !uri.getUserInfo().empty()) return false;
			for (const std::string& part: {uri.getHost(), uri.getPath(), uri.getQuery(), uri.getFragment()})
				for (unsigned char c: part)
					if (c < 0x20 || c == 0x7f) return false;
			return true;
		}
		catch (Poco::SyntaxException&)
		{
			return false;
		}
	}
}


AccountService::AccountService(Persistence::UserStore& users, UserDirectory& directory, RevocationList& revocations, PasswordService& passwords,
	const PhoneNumbers& phones, Mail::Mailer& mailer, AuditLog& audit, RegistrationService& registration,
	RateLimiter& limiter, Persistence::OneTimeTokenStore& oneTimeTokens, const IdentitySettings& settings):
	_users(users),
	_settings(settings),
	_directory(directory),
	_revocations(revocations),
	_passwords(passwords),
	_phones(phones),
	_mailer(mailer),
	_audit(audit),
	_registration(registration),
	_limiter(limiter),
	_oneTimeTokens(oneTimeTokens)
{
}


Account AccountService::updateProfile(const Principal& principal, const ProfileChanges& c, const RequestContext& context)
{
	std::optional<User> current = _users.findById(principal.userId);
	if (!current) throw AuthException(Problem::InvalidToken, "The account no longer exists.");
	User user = *current;
	ValidationException::FieldErrors errors;
	if (c.fullName)
	{
		std::string name = Poco::trim(*c.fullName);
		if (name.empty()) errors["full_name"].push_back("This field may not be blank.");
		else if (!withinLength(name, 150)) errors["full_name"].push_back("At most 150 characters.");
		else if (UnicodeText::hasControlOrBidi(name)) errors["full_name"].push_back("Control characters (line breaks, NUL) and bidirectional controls are not allowed.");
		else user.fullName = name;
	}
	if (c.bio)
	{
		if (!withinLength(*c.bio, 500)) errors["bio"].push_back("At most 500 characters.");
		else user.bio = *c.bio;
	}
	if (c.location)
	{
		if (!withinLength(*c.location, 100)) errors["location"].push_back("At most 100 characters.");
		else user.location = *c.location;
	}
	if (c.birthDate)
	{
		if (!*c.birthDate || c.birthDate->value().empty()) user.birthDate.reset();
		else if (!isPastIsoDate(**c.birthDate)) errors["birth_date"].push_back("Enter a past date as YYYY-MM-DD.");
		else user.birthDate = **c.birthDate;
	}
	if (c.avatarUrl)
	{
		std::string url = Poco::trim(*c.avatarUrl);
		if (!url.empty() && !isHttpUrl(url)) errors["avatar_url"].push_back("Enter an http(s) URL of at most 2048 characters.");
		else user.avatarUrl = url;
	}
	std::optional<std::string> newPhone;
	if (c.phoneNumber)
	{
		if (!*c.phoneNumber || Poco::trim(c.phoneNumber->value()).empty())
		{
			user.phoneNumber.reset();
			user.phoneVerified = false;
		}
		else
		{
			try
			{
				std::string e164 = _phones.normalize(**c.phoneNumber);
				if (!user.phoneNumber || *user.phoneNumber != e164)
				{
					newPhone = e164;
					user.phoneNumber = e164;
					user.phoneVerified = false;
				}
			}
			catch (ValidationException& exc)
			{
				if (errors.empty()) throw;
				errors["phone_number"].push_back(exc.message());
			}
		}
	}
	if (c.otpChannel)
	{
		if (*c.otpChannel != "email" && *c.otpChannel != "sms") errors["otp_channel"].push_back("Must be \"email\" or \"sms\".");
		else user.otpChannel = *c.otpChannel;
	}
	if (c.otpLoginEnabled) user.otpLoginEnabled = *c.otpLoginEnabled;
	// The login code must reach an address the account has proven
	// (API.md: otp_channel=sms needs a verified phone number).
	if (errors.empty() && user.otpChannel == "sms" && (!user.phoneNumber || !user.phoneVerified) && (c.otpChannel || (c.otpLoginEnabled && user.otpLoginEnabled)))
		errors[c.otpChannel ? "otp_channel" : "otp_login_enabled"].push_back("The sms channel needs a verified phone number.");
	if (errors.empty() && user.otpChannel == "email" && !user.email && user.otpLoginEnabled && (c.otpChannel || c.otpLoginEnabled))
		errors["otp_login_enabled"].push_back("The email channel needs an email address.");
	if (!errors.empty()) throw ValidationException(errors);
	// A new number is a pending claim until proven (issue 17 finding 1): only
	// a number another account has proven is taken, and under
	// auth.preventEnumeration not even that is told (finding 7): the claim is
	// stored like any other and never opens an account.
	if (newPhone && !_settings.preventEnumeration)
	{
		std::optional<User> owner = _users.findByProvenPhone(*newPhone);
		if (owner && owner->id != user.id) throw AuthException(Problem::Conflict, "This phone number belongs to another account.");
	}
	user.updatedAt = Clock::now();
	_directory.update(user);
	_audit.record("profile_updated", user.id, context);
	return Account(user);
}


Account AccountService::completeProfile(const Principal& principal, const ProfileChanges& changes, const std::optional<std::string>& rawEmail,
	const RequestContext& context)
{
	std::optional<User> current = _users.findById(principal.userId);
	if (!current) throw AuthException(Problem::InvalidToken, "The account no longer exists.");
	if (!changes.fullName || Poco::trim(*changes.fullName).empty())
		throw ValidationException("full_name", "This field is required.");
	std::optional<std::string> email;
	if (rawEmail && !Poco::trim(*rawEmail).empty())
	{
		if (current->email) throw ValidationException("email", "This account already has an email address; it cannot be changed here.");
		email = EmailAddress::require(*rawEmail);
		// Only a proven email is taken; claiming one another account only
		// claims reserves nothing (issue 17 finding 1).
		if (_users.findByProvenEmail(*email)) throw AuthException(Problem::Conflict, "This email address belongs to another account.");
	}
	// Every field is checked before anything is written (no half-written record).
	updateProfile(principal, changes, context);
	User user = *_users.findById(principal.userId);
	user.needsProfileCompletion = false;
	if (email)
	{
		user.email = email;
		user.emailVerified = false;
	}
	user.updatedAt = Clock::now();
	_directory.update(user); // the email goes in as a pending claim: no unique index to race on
	if (email) _registration.sendVerification(user);
	return Account(user);
}


void AccountService::changePassword(const Principal& principal, const std::string& oldPassword, const std::string& newPassword,
	const std::string& newPasswordConfirm, const RequestContext& context)
{
	ValidationException::FieldErrors errors;
	if (oldPassword.empty()) errors["old_password"].push_back("This field is required.");
	if (newPassword.empty()) errors["new_password"].push_back("This field is required.");
	if (newPasswordConfirm.empty()) errors["new_password_confirm"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);

	std::optional<User> user = _users.findById(principal.userId);
	if (!user) throw AuthException(Problem::InvalidToken, "The account no longer exists.");
	// The login limits (issue 17 finding 4): the lockout subject is the
	// email a login would name, so guesses here and at login add up.
	std::string lockSubject = user->email.value_or("uid:" + std::to_string(user->id));
	_limiter.checkAccount("passwordChange", "uid:" + std::to_string(user->id));
	_limiter.checkLockout(lockSubject, context.ip);
	if (!user->passwordHash || !_passwords.verify(*user->passwordHash, oldPassword))
	{
		_limiter.recordFailure(lockSubject, context.ip);
		_audit.record("login_failed", user->id, context, "bad_old_password");
		if (_limiter.recordSessionFailure(principal.sessionId))
		{
			_revocations.blacklistAccessToken(principal.jti, principal.expiresAt);
			_revocations.revokeSession(principal.sessionId, "password_guessing");
			_audit.record("session_revoked", user->id, context, "too many wrong current passwords");
			throw AuthException(Problem::InvalidToken, "Too many wrong current passwords; this session has been ended.");
		}
		throw ValidationException("old_password", "The current password is incorrect.");
	}
	_limiter.recordSuccess(lockSubject, context.ip);
	if (newPassword != newPasswordConfirm)
		throw ValidationException("new_password_confirm", "The two passwords do not match.", Problem::PasswordMismatch);
	_passwords.policy().check(newPassword, "new_password", user->email.value_or(""), user->fullName);

	Poco::Int64 now = Clock::now();
	_directory.setPasswordHash(user->id, _passwords.hash(newPassword), now);
	_oneTimeTokens.invalidateAll(user->id, PasswordResetService::PURPOSE, now); // issue 17 finding 8
	_revocations.revokeAllForUser(user->id, "password_changed", principal.sessionId);
	_audit.record("password_changed", user->id, context);
	if (user->email)
	{
		try
		{
			_mailer.send(*user->email, "password_changed", {{"full_name", user->fullName}, {"changed_at", Clock::toRfc3339(now)}});
		}
		catch (Poco::Exception& exc)
		{
			Poco::Logger::get("AuthServer.Mail").error("password-changed notice for user %s not sent: %s", std::to_string(user->id), exc.displayText());
		}
	}
}


} } // namespace AuthServer::Identity
