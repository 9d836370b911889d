//
// PhoneAuthService.cpp
//


#include "AuthServer/Identity/PhoneAuthService.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"
#include "Poco/Data/DataException.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Clock;
using AuthServer::Core::Problem;
using AuthServer::Persistence::User;


namespace AuthServer {
namespace Identity {


PhoneAuthService::PhoneAuthService(Persistence::UserStore& users, OtpService& otp,
	AuthenticationService& authentication, AuditLog& audit, IdentifierClaims& claims):
	_users(users),
	_claims(claims),
	_otp(otp),
	_authentication(authentication),
	_audit(audit)
{
}


void PhoneAuthService::requestSignup(const std::string& phoneNumber, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	_otp.checkRequestRate(e164);
	_otp.send("sms", e164, SIGNUP, std::nullopt, true, context);
}


User PhoneAuthService::activeUser(Poco::Int64 id)
{
	std::optional<User> user = _users.findById(id);
	if (!user) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	if (!user->isActive) throw AuthException(Problem::AccountInactive, "This account is deactivated.");
	return *user;
}


LoginOutcome PhoneAuthService::verifySignup(const std::string& phoneNumber, const std::string& code, bool& created, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	_otp.check("sms", e164, SIGNUP, code, context);
	created = false;
	// Only the account that has proven the number is logged into; a pending
	// claim on it never opens an account: the code proves the number for a
	// new account, which takes it from every claimant (issue 17 finding 1).
	std::optional<User> existing = _users.findByProvenPhone(e164);
	if (!existing)
	{
		User user;
		user.needsProfileCompletion = true;
		user.otpChannel = "sms";
		user.createdAt = Clock::now();
		_claims.provePhone(user, e164, context);
		try
		{
			_users.insert(user);
			created = true;
			_audit.record("register", user.id, context, "phone");
			LoginOutcome outcome;
			outcome.tokens = _authentication.finishLogin(user, context);
			return outcome;
		}
		catch (Poco::Data::DataException&)
		{
			// A parallel sign-up of the same number won the unique index.
			existing = _users.findByProvenPhone(e164);
			if (!existing) throw;
		}
	}
	User user = activeUser(existing->id);
	// A known number's sign-up code is a login: a second factor still holds.
	return _authentication.finishFirstFactor(user, context);
}


void PhoneAuthService::requestLogin(const std::string& phoneNumber, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	_otp.checkRequestRate(e164); // before the lookup: known and unknown numbers alike
	// Login by SMS only for a number proven on the account; the lookup runs
	// after the answer (issue 17 finding 5, as otp/request).
	_otp.sendLater("sms", e164, LOGIN, true, context);
}


LoginOutcome PhoneAuthService::verifyLogin(const std::string& phoneNumber, const std::string& code, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	std::optional<Poco::Int64> userId = _otp.check("sms", e164, LOGIN, code, context);
	if (!userId) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	User user = activeUser(*userId);
	// Login by SMS only for a number proven on that account.
	if (!user.phoneNumber || *user.phoneNumber != e164 || !user.phoneVerified) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	return _authentication.finishFirstFactor(user, context);
}


} } // namespace AuthServer::Identity
