//
// PhoneAuthService.h
//
// Sign-up and login with a phone number and an SMS code.
//


#ifndef AuthServer_Identity_PhoneAuthService_INCLUDED
#define AuthServer_Identity_PhoneAuthService_INCLUDED


#include "AuthServer/Identity/AuditLog.h"
#include "AuthServer/Identity/AuthenticationService.h"
#include "AuthServer/Identity/LoginOutcome.h"
#include "AuthServer/Identity/OtpService.h"
#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Identity/TokenPair.h"
#include "AuthServer/Identity/IdentifierClaims.h"
#include "AuthServer/Persistence/UserStore.h"
#include <string>


namespace AuthServer {
namespace Identity {


class PhoneAuthService
	/// POST /api/auth/phone/{signup,verify-signup,login,verify-login}
	/// (API.md). The number is normalised to E.164 with libphonenumber
	/// (phone.defaultRegion for national forms; invalid_phone_number
	/// otherwise); codes go by SMS through OtpService (cooldown, hourly
	/// cap, attempts, single use: NIST SP 800-63B §5.1.3). A phone-only
	/// account has no password and no email until the profile adds one.
	/// Sign-up never reveals whether a number is known (OWASP ASVS 2.5.x
	/// account enumeration).
{
public:
	static constexpr const char* SIGNUP = "phone_signup";
	static constexpr const char* LOGIN = "phone_login";

	PhoneAuthService(Persistence::UserStore& users, OtpService& otp,
		AuthenticationService& authentication, AuditLog& audit, IdentifierClaims& claims);

	void requestSignup(const std::string& phoneNumber, const RequestContext& context);
		/// Sends a sign-up code to the number (whether or not it has an
		/// account; the caller answers 202). Throws invalid_phone_number.

	LoginOutcome verifySignup(const std::string& phoneNumber, const std::string& code, bool& created, const RequestContext& context);
		/// Checks the sign-up code; logs in the account that has proven the
		/// number, or else creates a phone-only account with the number
		/// proven (role user, needs_profile_completion true), which takes
		/// it from every account that only claimed it (IdentifierClaims:
		/// a claim never opens an account), and sets created. Returns its
		/// first tokens, or for an existing account with a second factor its
		/// challenge (AuthenticationService::finishFirstFactor). Throws
		/// invalid_phone_number, invalid_otp, otp_expired,
		/// otp_attempts_exceeded, account_inactive.

	void requestLogin(const std::string& phoneNumber, const RequestContext& context);
		/// Sends a login code when an active account has proven this
		/// number; nothing otherwise (the caller answers 202 in every case).

	LoginOutcome verifyLogin(const std::string& phoneNumber, const std::string& code, const RequestContext& context);
		/// Checks the login code and starts a session, only when the number
		/// is still proven on that account, or answers the second-factor
		/// challenge of an account that has one
		/// (AuthenticationService::finishFirstFactor). Throws as
		/// verifySignup.

private:
	Persistence::User activeUser(Poco::Int64 id);

	Persistence::UserStore& _users;
	IdentifierClaims& _claims;
	OtpService& _otp;
	AuthenticationService& _authentication;
	AuditLog& _audit;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_PhoneAuthService_INCLUDED
