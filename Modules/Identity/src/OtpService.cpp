//
// OtpService.cpp
//


#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/EmailAddress.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "AuthServer/Core/Digests.h"
#include "AuthServer/Core/SecureRandom.h"
#include "Poco/Data/DataException.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/Logger.h"
#include "Poco/String.h"
#include <sstream>


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Core::ValidationException;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


namespace
{
	const std::string CHALLENGE = "login_challenge";

	AuthException invalidOtp()
	{
		return AuthException(Problem::InvalidOtp, "The code is invalid.");
	}

	bool allDigits(const std::string& s)
	{
		if (s.empty()) return false;
		for (char c: s) if (c < '0' || c > '9') return false;
		return true;
	}

	Poco::Logger& logger()
	{
		return Poco::Logger::get("AuthServer.Identity");
	}
}


OtpService::OtpService(Persistence::UserStore& users, UserDirectory& directory, const PhoneNumbers& phones, Cache::Cache& cache,
	Mail::Mailer& mailer, Sms::SmsTransport& sms, AuditLog& audit, RateLimiter& limiter, const IdentitySettings& settings,
	DeferredWork& deferred, IdentifierClaims& claims):
	_users(users),
	_claims(claims),
	_directory(directory),
	_phones(phones),
	_cache(cache),
	_mailer(mailer),
	_sms(sms),
	_audit(audit),
	_limiter(limiter),
	_settings(settings),
	_deferred(deferred)
{
}


void OtpService::checkRequestRate(const std::string& destination)
{
	_limiter.checkAccount("otpRequest", destination);
}


std::string OtpService::normalizeDestination(const std::string& channel, const std::string& destination) const
{
	ValidationException::FieldErrors errors;
	if (channel.empty()) errors["channel"].push_back("This field is required.");
	else if (channel != "email" && channel != "sms") errors["channel"].push_back("Must be \"email\" or \"sms\".");
	if (Poco::trim(destination).empty()) errors["destination"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);
	if (channel == "sms") return _phones.normalize(destination, "destination");
	std::string email = EmailAddress::normalize(destination);
	if (!EmailAddress::isValid(email)) throw ValidationException("destination", "Enter a valid email address.");
	return email;
}


void OtpService::checkPurpose(const std::string& purpose)
{
	if (purpose.empty()) throw ValidationException("purpose", "This field is required.");
	if (purpose != "login" && purpose != "verify") throw ValidationException("purpose", "Must be \"login\" or \"verify\".");
}


void OtpService::request(const std::string& channel, const std::string& rawDestination, const std::string& purpose, const RequestContext& context)
{
	ValidationException::FieldErrors errors;
	if (purpose.empty()) errors["purpose"].push_back("This field is required.");
	else if (purpose != "login" && purpose != "verify") errors["purpose"].push_back("Must be \"login\" or \"verify\".");
	std::string destination;
	try
	{
		destination = normalizeDestination(channel, rawDestination);
	}
	catch (ValidationException& exc)
	{
		if (errors.empty()) throw;
		for (const auto& kv: exc.errors()) for (const auto& m: kv.second) errors[kv.first].push_back(m);
	}
	if (!errors.empty()) throw ValidationException(errors);
	checkRequestRate(destination);

	// A login code goes only to a proven address (an unproven one never
	// opens an account, issue 17 finding 1); a verify code only to an
	// unproven one (API.md: purpose verify marks it verified).
	sendLater(channel, destination, purpose, purpose == "login", context);
}


void OtpService::sendLater(const std::string& channel, const std::string& destination, const std::string& purpose, bool toProven, const RequestContext& context)
{
	// Issue 17 finding 5: the same job for every destination; whether an
	// account matches is decided after the answer.
	_deferred.post([this, channel, destination, purpose, toProven, context]
	{
		std::optional<User> user = channel == "email" ? _users.findByEmail(destination) : _users.findByPhone(destination);
		if (!user || !user->isActive) return;
		bool proven = channel == "email"
			? user->email == destination && user->emailVerified
			: user->phoneNumber == destination && user->phoneVerified;
		if (proven != toProven) return;
		send(channel, destination, purpose, user->id, true, context);
	});
}


bool OtpService::send(const std::string& channel, const std::string& destination, const std::string& purpose,
	std::optional<Poco::Int64> userId, bool applyCooldown, const RequestContext& context)
{
	if (applyCooldown)
	{
		std::string cooldown = "otp:cooldown:" + Core::Digests::sha256Hex(purpose + "\n" + channel + "\n" + destination);
		if (!_cache.add(cooldown, "1", _settings.otpResendInterval)) return false;
	}
	if (!allowSend(channel, destination)) return false;
	issue(codeKey(purpose, channel, destination), channel, destination, userId, purpose, context);
	return true;
}


std::optional<Poco::Int64> OtpService::check(const std::string& channel, const std::string& destination, const std::string& purpose,
	const std::string& code, const RequestContext& context)
{
	_limiter.checkAccount("otpVerify", destination);
	return consume(codeKey(purpose, channel, destination), code, context);
}


Account OtpService::verifyDestination(const std::string& channel, const std::string& rawDestination, const std::string& code, const RequestContext& context,
	std::optional<Poco::Int64> sessionUserId)
{
	std::string destination = normalizeDestination(channel, rawDestination);
	if (code.empty()) throw ValidationException("code", "This field is required.");
	std::optional<Poco::Int64> userId = check(channel, destination, "verify", code, context);
	std::optional<User> user = userId ? _users.findById(*userId) : std::nullopt;
	// The address must still be the account's (a profile change may have
	// replaced it since the code was sent).
	if (!user || (channel == "email" ? user->email != destination : user->phoneNumber != destination)) throw invalidOtp();
	// The code came back from the address: this account proves it and takes
	// it from every account that only claimed it (IdentifierClaims).
	try
	{
		if (channel == "email" && !user->emailVerified)
		{
			user = _claims.proveEmail(user->id, sessionUserId == user->id ? IdentifierClaims::Proof::InSession : IdentifierClaims::Proof::Anonymous, context);
			_audit.record("email_verified", user->id, context);
		}
		else if (channel == "sms" && !user->phoneVerified)
		{
			_claims.provePhone(*user, destination, context);
		}
	}
	catch (Poco::Data::DataException&)
	{
		throw invalidOtp(); // another account proved the address at the same moment
	}
	return Account(*user);
}


User OtpService::checkLogin(const std::string& channel, const std::string& rawDestination, const std::string& code, const RequestContext& context)
{
	std::string destination = normalizeDestination(channel, rawDestination);
	if (code.empty()) throw ValidationException("code", "This field is required.");
	std::optional<Poco::Int64> userId = check(channel, destination, "login", code, context);
	std::optional<User> user = userId ? _users.findById(*userId) : std::nullopt;
	// Login by a code works only for an address proven on that account.
	if (!user || (channel == "email" ? user->email != destination || !user->emailVerified : user->phoneNumber != destination || !user->phoneVerified))
		throw invalidOtp();
	if (!user->isActive) throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	return *user;
}


std::string OtpService::startLoginChallenge(const User& user, const RequestContext& context)
{
	std::string channel = user.otpChannel == "sms" && user.phoneNumber && user.phoneVerified ? "sms" : "email";
	std::string destination = channel == "sms" ? *user.phoneNumber : user.email.value_or("");
	std::string challenge = Core::SecureRandom::token(32);
	if (destination.empty()) return challenge; // no address: a challenge nobody can answer
	if (allowSend(channel, destination))
		issue(challengeKey(challenge), channel, destination, user.id, CHALLENGE, context);
	return challenge;
}


Poco::Int64 OtpService::completeLoginChallenge(const std::string& challenge, const std::string& code, const RequestContext& context)
{
	ValidationException::FieldErrors errors;
	if (challenge.empty()) errors["otp_challenge"].push_back("This field is required.");
	if (code.empty()) errors["code"].push_back("This field is required.");
	if (!errors.empty()) throw ValidationException(errors);
	if (challenge.size() > 128) throw invalidOtp();
	std::optional<Poco::Int64> userId = consume(challengeKey(challenge), code, context);
	if (!userId) throw invalidOtp();
	return *userId;
}


bool OtpService::allowSend(const std::string& channel, const std::string& destination)
{
	Poco::Int64 sends = _cache.increment("otp:hourly:" + Core::Digests::sha256Hex(channel + "\n" + destination), 3600);
	if (sends <= _settings.otpMaxSendsPerHour) return true;
	++_dropped;
	logger().warning("%s send dropped: more than %d codes or links to one destination this hour (dropped since start: %s)",
		channel, _settings.otpMaxSendsPerHour, std::to_string(_dropped.load()));
	return false;
}


Poco::UInt64 OtpService::droppedSends() const
{
	return _dropped.load();
}


std::string OtpService::issue(const std::string& key, const std::string& channel, const std::string& destination,
	std::optional<Poco::Int64> userId, const std::string& purpose, const RequestContext& context)
{
	std::string code = Core::SecureRandom::digits(static_cast<std::size_t>(_settings.otpLength));
	std::string salt = Core::SecureRandom::token(16);
	Poco::JSON::Object entry;
	entry.set("id", Core::SecureRandom::token(12));
	entry.set("salt", salt);
	entry.set("hash", Core::Digests::sha256Hex(salt + code));
	entry.set("exp", Clock::now() + _settings.otpLifetime);
	if (userId) entry.set("uid", *userId);
	std::ostringstream out;
	entry.stringify(out);
	// Kept a minute past its lifetime so a late try answers otp_expired.
	_cache.set(key, out.str(), _settings.otpLifetime + 60);
	deliver(channel, destination, code, purpose, userId);
	_audit.record("otp_sent", userId, context, channel + " " + purpose);
	return code;
}


std::optional<Poco::Int64> OtpService::consume(const std::string& key, const std::string& code, const RequestContext& context)
{
	std::optional<std::string> raw = _cache.get(key);
	if (!raw) throw invalidOtp();
	Poco::JSON::Parser parser;
	Poco::JSON::Object::Ptr entry = parser.parse(*raw).extract<Poco::JSON::Object::Ptr>();
	std::optional<Poco::Int64> userId;
	if (entry->has("uid")) userId = entry->getValue<Poco::Int64>("uid");
	if (entry->getValue<Poco::Int64>("exp") <= Clock::now())
		throw AuthException(Problem::OtpExpired, "The code has expired; request a new one.");
	// Count the try before comparing, so parallel guesses cannot exceed
	// the limit (NIST SP 800-63B §5.2.2 rate limiting).
	Poco::Int64 tries = _cache.increment("otp:tries:" + entry->getValue<std::string>("id"), _settings.otpLifetime + 60);
	if (tries > _settings.otpMaxAttempts)
		throw AuthException(Problem::OtpAttemptsExceeded, "Too many wrong codes; request a new one.");
	bool match = allDigits(code) && code.size() == static_cast<std::size_t>(_settings.otpLength) &&
		Core::Digests::constantTimeEquals(Core::Digests::sha256Hex(entry->getValue<std::string>("salt") + code), entry->getValue<std::string>("hash"));
	if (!match)
	{
		_audit.record("otp_failed", userId, context, "attempt " + std::to_string(tries));
		if (tries >= _settings.otpMaxAttempts)
			throw AuthException(Problem::OtpAttemptsExceeded, "Too many wrong codes; request a new one.");
		throw invalidOtp();
	}
	if (!_cache.remove(key)) throw invalidOtp(); // a concurrent try consumed it first
	_audit.record("otp_succeeded", userId, context);
	return userId;
}


void OtpService::deliver(const std::string& channel, const std::string& destination, const std::string& code, const std::string& purpose, std::optional<Poco::Int64> userId)
{
	std::string minutes = std::to_string((_settings.otpLifetime + 59) / 60);
	std::string who = userId ? "user " + std::to_string(*userId) : std::string("a new number");
	try
	{
		if (channel == "email")
		{
			std::optional<User> user = userId ? _directory.get(*userId) : std::nullopt;
			_mailer.send(destination, "otp_code", {
				{"full_name", user ? user->fullName : std::string()},
				{"code", code},
				{"lifetime_minutes", minutes},
				{"purpose", purpose == "verify" ? "confirm this email address" : "sign in"}
			});
		}
		else
		{
			_sms.send(destination, _settings.appName + " code: " + code + ". It expires in " + minutes + " minutes. Never share it.");
		}
	}
	catch (Poco::Exception& exc)
	{
		logger().error("%s code for %s not sent: %s", channel, who, exc.displayText());
	}
}


std::string OtpService::codeKey(const std::string& purpose, const std::string& channel, const std::string& destination)
{
	return "otp:code:" + Core::Digests::sha256Hex(purpose + "\n" + channel + "\n" + destination);
}


std::string OtpService::challengeKey(const std::string& challenge)
{
	return "otp:code:" + Core::Digests::sha256Hex(CHALLENGE + "\n" + challenge);
}


} } // namespace AuthServer::Identity
