//
// LoginOutcome.h
//
// What a correct email + password leads to: tokens, or an OTP challenge.
//


#ifndef AuthServer_Identity_LoginOutcome_INCLUDED
#define AuthServer_Identity_LoginOutcome_INCLUDED


#include "AuthServer/Identity/TokenPair.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Identity {


struct LoginOutcome
	/// Either tokens (the account has login OTP off) or, when the account
	/// has otp_login_enabled, an opaque challenge and the channel ("email"
	/// or "sms") its code was sent to (API.md: 200 {"otp_required": true,
	/// "otp_challenge", "channel"}).
{
	std::optional<TokenPair> tokens;
	std::string otpChallenge;
	std::string otpChannel;
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_LoginOutcome_INCLUDED
