//
// LoginOutcome.h
//
// What a proven first factor leads to: tokens, an OTP or a second-factor challenge.
//


#ifndef AuthServer_Identity_LoginOutcome_INCLUDED
#define AuthServer_Identity_LoginOutcome_INCLUDED


#include "AuthServer/Identity/TokenPair.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


struct LoginOutcome
	/// Either tokens (the account has login OTP off) or, when the account
	/// has otp_login_enabled, an opaque challenge and the channel ("email"
	/// or "sms") its code was sent to (API.md: 200 {"otp_required": true,
	/// "otp_challenge", "channel"}); or, for an account with a second
	/// factor (SecondFactorGate), mfaChallenge and the methods it offers
	/// (API.md: 200 {"mfa_required": true, "mfa_challenge", "methods"}).
{
	std::optional<TokenPair> tokens;
	std::string otpChallenge;
	std::string otpChannel;
	std::string mfaChallenge;
	std::vector<std::string> mfaMethods;
	std::string mfaWebauthnOptions;   /// JSON {"publicKey": ...} when "webauthn" is among mfaMethods
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_LoginOutcome_INCLUDED
