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


PhoneAuthService::PhoneAuthService(Persistence::UserStore& users, UserDirectory& directory, OtpService& otp,
	AuthenticationService& authentication, AuditLog& audit):
	_users(users),
	_directory(directory),
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
	std::optional<User> existing = _users.findByPhone(e164);
	if (!existing)
	{
		User user;
		user.phoneNumber = e164;
		user.phoneVerified = true;
		user.needsProfileCompletion = true;
		user.otpChannel = "sms";
		user.createdAt = user.updatedAt = Clock::now();
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
			existing = _users.findByPhone(e164);
			if (!existing) throw;
		}
	}
	User user = activeUser(existing->id);
	if (!user.phoneVerified)
	{
		// The code sent to the number proves it (NIST SP 800-63B §5.1.3).
		user.phoneVerified = true;
		user.updatedAt = Clock::now();
		_users.update(user);
		_directory.invalidate(user.id);
	}
	// A known number's sign-up code is a login: a second factor still holds.
	return _authentication.finishFirstFactor(user, context);
}


void PhoneAuthService::requestLogin(const std::string& phoneNumber, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	_otp.checkRequestRate(e164); // before the lookup: known and unknown numbers alike
	std::optional<User> user = _users.findByPhone(e164);
	if (!user || !user->isActive || !user->phoneVerified) return;
	_otp.send("sms", e164, LOGIN, user->id, true, context);
}


LoginOutcome PhoneAuthService::verifyLogin(const std::string& phoneNumber, const std::string& code, const RequestContext& context)
{
	std::string e164 = _otp.normalizeDestination("sms", phoneNumber);
	std::optional<Poco::Int64> userId = _otp.check("sms", e164, LOGIN, code, context);
	if (!userId) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	User user = activeUser(*userId);
	if (!user.phoneNumber || *user.phoneNumber != e164) throw AuthException(Problem::InvalidOtp, "The code is invalid.");
	return _authentication.finishFirstFactor(user, context);
}


} } // namespace AuthServer::Identity
