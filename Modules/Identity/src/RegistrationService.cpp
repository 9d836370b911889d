//
// RegistrationService.cpp
//


#include "AuthServer/Identity/RegistrationService.h"
#include "AuthServer/Identity/Registration.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Identity/UnicodeText.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Data/DataException.h"
#include "Poco/Logger.h"
#include "Poco/String.h"
#include "Poco/UTF8String.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	const std::string PURPOSE = "verify_email";
	const std::string CONTROL_CHARACTERS = "Control characters (line breaks, NUL) and bidirectional controls are not allowed.";

	std::size_t length(const std::string& utf8)
	{
		try
		{
			return PasswordPolicy::codePoints(utf8);
		}
		catch (Poco::DataFormatException&)
		{
			return std::string::npos;
		}
	}

	AuthException invalidToken()
	{
		return AuthException(Problem::InvalidToken, "The verification link or code is invalid or has expired.", 400);
	}
}


RegistrationService::RegistrationService(Persistence::Database& database, Persistence::UserStore& users, Persistence::OneTimeTokenStore& oneTimeTokens,
	PasswordService& passwords, const PhoneNumbers& phones, Mail::Mailer& mailer, AuditLog& audit, OtpService& otp,
	RateLimiter& limiter, const IdentitySettings& settings, DeferredWork& deferred, IdentifierClaims& claims):
	_database(database),
	_users(users),
	_claims(claims),
	_oneTimeTokens(oneTimeTokens),
	_passwords(passwords),
	_phones(phones),
	_mailer(mailer),
	_audit(audit),
	_otp(otp),
	_limiter(limiter),
	_settings(settings),
	_deferred(deferred)
{
}


Account RegistrationService::registerUser(const Registration& r, const RequestContext& context, const AlsoInTransaction& alsoInTransaction)
{
	ValidationException::FieldErrors errors;
	std::string email = EmailAddress::normalize(r.email);
	if (email.empty()) errors["email"].push_back("This field is required.");
	else if (!EmailAddress::isValid(email)) errors["email"].push_back("Enter a valid email address.");
	std::string fullName = Poco::trim(r.fullName);
	std::size_t nameLength = length(fullName);
	if (fullName.empty())
	{
		if (r.fullNameRequired) errors["full_name"].push_back("This field is required.");
	}
	else if (nameLength == std::string::npos || nameLength > 150) errors["full_name"].push_back("At most 150 characters.");
	else if (UnicodeText::hasControlOrBidi(fullName)) errors["full_name"].push_back(CONTROL_CHARACTERS);
	if (r.password.empty()) errors["password"].push_back("This field is required.");
	if (r.passwordConfirm.empty()) errors["password_confirm"].push_back("This field is required.");
	if (r.role != "user" && r.role != "supplier") errors["role"].push_back("Must be \"user\" or \"supplier\".");
	std::optional<std::string> company;
	if (r.role == "supplier")
	{
		std::string name = r.companyName ? Poco::trim(*r.companyName) : std::string();
		std::size_t companyLength = length(name);
		if (name.empty())
		{
			if (r.companyNameRequired) errors["company_name"].push_back("This field is required for suppliers.");
		}
		else if (companyLength == std::string::npos || companyLength > 200) errors["company_name"].push_back("At most 200 characters.");
		else if (UnicodeText::hasControlOrBidi(name)) errors["company_name"].push_back(CONTROL_CHARACTERS);
		else company = name;
	}
	std::optional<std::string> phone;
	if (r.phoneNumber && !Poco::trim(*r.phoneNumber).empty())
	{
		try
		{
			phone = _phones.normalize(*r.phoneNumber);
		}
		catch (ValidationException& exc)
		{
			if (errors.empty()) throw;
			errors["phone_number"].push_back(exc.message());
		}
	}
	if (!errors.empty()) throw ValidationException(errors);
	// Per account (the email, known or not), OWASP ASVS 2.2.1.
	_limiter.checkAccount("register", email);
	if (r.password != r.passwordConfirm)
		throw ValidationException("password_confirm", "The two passwords do not match.", Problem::PasswordMismatch);
	_passwords.policy().check(r.password, "password", email, fullName);

	// Only a proven email or number is taken (issue 17 finding 1): a pending
	// claim of another account reserves nothing, so this registration
	// becomes one more claim and whoever proves the address takes it.
	// Under auth.preventEnumeration a taken number is treated as a taken
	// email is (finding 7): not refused; it stays a claim of this account
	// that never opens it, and the number's owner is told.
	std::optional<User> owner = _users.findByProvenEmail(email);
	if (owner && !_settings.preventEnumeration) throw AuthException(Problem::Conflict, "An account with this email already exists.");
	std::optional<User> phoneOwner = phone ? _users.findByProvenPhone(*phone) : std::nullopt;
	if (phoneOwner && !_settings.preventEnumeration) throw AuthException(Problem::Conflict, "An account with this phone number already exists.");

	User user;
	user.email = email;
	user.phoneNumber = phone;
	user.passwordHash = _passwords.hash(r.password);
	user.fullName = fullName;
	user.role = r.role;
	user.companyName = company;
	user.isActive = !r.activationByCode;
	user.createdAt = user.updatedAt = Clock::now();
	if (owner) return answerTakenEmail(*owner, user, context);
	// Identifiers go in as pending claims: no unique index to race on.
	if (alsoInTransaction)
	{
		_database.write([&](Poco::Data::Session& db)
		{
			_users.insert(db, user);
			alsoInTransaction(db, user);
		});
	}
	else _users.insert(user);
	_audit.record("register", user.id, context, user.role);
	if (phoneOwner) _audit.record("register", phoneOwner->id, context, "existing_phone_claimed_unproven");
	if (r.activationByCode) _otp.send("email", email, "verify", user.id, true, context);
	else sendVerification(user);
	return Account(user);
}


Account RegistrationService::answerTakenEmail(const User& owner, User& answer, const RequestContext& context)
{
	// The same work as a new account (the Argon2id hash is already done, an
	// id is consumed from the same sequence, one mail is written), so neither
	// the answer, the next account's id nor the timing tells that the email
	// is taken (OWASP ASVS 2.2, auth.preventEnumeration).
	User placeholder;
	placeholder.isActive = false;
	placeholder.createdAt = placeholder.updatedAt = answer.createdAt;
	_users.insert(placeholder);
	_users.remove(placeholder.id);
	answer.id = placeholder.id;
	_audit.record("register", owner.id, context, "existing_email_notified");
	if (_otp.allowSend("email", *owner.email)) try
	{
		_mailer.send(*owner.email, "registration_attempt", {{"full_name", owner.fullName}});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Mail").error("registration-attempt notice for user %s not sent: %s", std::to_string(owner.id), exc.displayText());
	}
	return Account(answer);
}


void RegistrationService::sendVerification(const User& user)
{
	if (!user.email || !_otp.allowSend("email", *user.email)) return;
	Persistence::OneTimeToken token;
	std::string link = Core::SecureRandom::token(32);
	std::string code = Core::SecureRandom::digits(6);
	token.userId = user.id;
	token.purpose = PURPOSE;
	token.tokenHash = Core::Digests::sha256Hex(link);
	token.codeSalt = Core::SecureRandom::token(16);
	token.codeHash = Core::Digests::sha256Hex(*token.codeSalt + code);
	token.createdAt = Clock::now();
	token.expiresAt = token.createdAt + _settings.verificationLifetime;
	_oneTimeTokens.replace(token);
	try
	{
		_mailer.send(*user.email, "verification", {
			{"full_name", user.fullName},
			{"link", _settings.frontendUrl + "/verify-email?token=" + link},
			{"code", code},
			{"lifetime_hours", std::to_string(_settings.verificationLifetime / 3600)}
		});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Mail").error("verification mail for user %s not sent: %s", std::to_string(user.id), exc.displayText());
	}
}


Account RegistrationService::consumeAndVerify(const Persistence::OneTimeToken& token, const RequestContext& context, std::optional<Poco::Int64> sessionUserId)
{
	Poco::Int64 now = Clock::now();
	if (token.purpose != PURPOSE || token.usedAt || token.expiresAt <= now) throw invalidToken();
	std::optional<User> current = _users.findById(token.userId);
	if (!current || !current->email) throw invalidToken(); // the claim went to the one who proved it
	if (!_oneTimeTokens.consume(token.id, now)) throw invalidToken();
	// Whoever proves the address takes it (issue 17 finding 1).
	std::optional<User> user;
	try
	{
		user = _claims.proveEmail(token.userId, sessionUserId == token.userId ? IdentifierClaims::Proof::InSession : IdentifierClaims::Proof::Anonymous, context);
	}
	catch (Poco::Data::DataException&)
	{
		throw invalidToken(); // another account proved it at the same moment
	}
	_audit.record("email_verified", user->id, context);
	if (user->email) try
	{
		_mailer.send(*user->email, "welcome", {{"full_name", user->fullName}});
	}
	catch (Poco::Exception& exc)
	{
		Poco::Logger::get("AuthServer.Mail").error("welcome mail for user %s not sent: %s", std::to_string(user->id), exc.displayText());
	}
	return Account(*user);
}


Account RegistrationService::registerSupplier(Registration registration, const std::optional<std::string>& requestedRole, const RequestContext& context)
{
	if (requestedRole && *requestedRole != "supplier") throw ValidationException("role", "This endpoint registers suppliers only.");
	registration.role = "supplier";
	registration.companyNameRequired = true;
	return registerUser(registration, context);
}


Account RegistrationService::verify(const std::string& token, const std::string& email, const std::string& code, const RequestContext& context,
	std::optional<Poco::Int64> sessionUserId)
{
	return !token.empty() ? verifyByToken(token, context, sessionUserId) : verifyByCode(email, code, context, sessionUserId);
}


Account RegistrationService::verifyByToken(const std::string& token, const RequestContext& context, std::optional<Poco::Int64> sessionUserId)
{
	if (token.empty()) throw ValidationException("token", "This field is required.");
	if (token.size() > 256) throw invalidToken();
	std::optional<Persistence::OneTimeToken> record = _oneTimeTokens.findByTokenHash(Core::Digests::sha256Hex(token));
	if (!record) throw invalidToken();
	return consumeAndVerify(*record, context, sessionUserId);
}


Account RegistrationService::verifyByCode(const std::string& rawEmail, const std::string& code, const RequestContext& context,
	std::optional<Poco::Int64> sessionUserId)
{
	ValidationException::FieldErrors errors;
	std::string email = EmailAddress::normalize(rawEmail);
	if (email.empty()) errors["email"].push_back("This field is required.");
	if (code.empty()) errors["code"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);
	// Several accounts may claim one unproven email (issue 17 finding 1):
	// the code is the latest mailed to any of them. Each wrong code counts
	// against every live code of the address.
	std::vector<Persistence::OneTimeToken> live;
	for (const User& claimant: _users.emailClaimants(email))
	{
		if (claimant.emailVerified) continue;
		std::optional<Persistence::OneTimeToken> record = _oneTimeTokens.findLatestUnused(claimant.id, PURPOSE);
		if (!record || !record->codeHash || !record->codeSalt || record->attempts >= MAX_CODE_ATTEMPTS || record->expiresAt <= Clock::now())
			continue;
		if (Core::Digests::constantTimeEquals(Core::Digests::sha256Hex(*record->codeSalt + code), *record->codeHash))
			return consumeAndVerify(*record, context, sessionUserId);
		live.push_back(*record);
	}
	for (const Persistence::OneTimeToken& record: live)
	{
		int attempts = _oneTimeTokens.recordFailedAttempt(record.id);
		if (attempts >= MAX_CODE_ATTEMPTS) _oneTimeTokens.consume(record.id, Clock::now());
	}
	throw invalidToken();
}


void RegistrationService::resendVerification(const std::string& rawEmail, const RequestContext&)
{
	std::string email = EmailAddress::normalize(rawEmail);
	if (email.empty()) throw ValidationException("email", "This field is required.");
	if (!EmailAddress::isValid(email)) return;
	_limiter.checkAccount("resendVerification", email); // known or not, alike
	// Issue 17 finding 5: the same job for every address; whether an
	// account matches is decided after the answer.
	_deferred.post([this, email]
	{
		std::optional<User> user = _users.findByEmail(email);
		if (!user || user->emailVerified || !user->isActive) return;
		sendVerification(*user);
	});
}


} } // namespace AuthServer::Identity
