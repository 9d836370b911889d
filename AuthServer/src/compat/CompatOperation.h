//
// CompatOperation.h
//
// One row of a compatibility profile's table.
//


#ifndef AuthServer_Http_CompatOperation_INCLUDED
#define AuthServer_Http_CompatOperation_INCLUDED


#include "AuthServer/Compat/CompatBody.h"
#include "AuthServer/Http/Route.h"
#include <functional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Http {


class CompatCall;


struct CompatOperation
	/// A profile's route as data (Docs/COMPAT.md): method and path the old
	/// clients call, authentication and rate-limit bucket as the native
	/// route it stands for, field aliases (name sent -> native name),
	/// whether a 401 concerns a refresh token of the body, and run, which
	/// makes the native service call and writes the old answer (the answer
	/// shaper). Errors are shaped by the profile's style (CompatHandler).
{
	std::string method;
	std::string pattern;
	Auth auth;
	std::string rateBucket;
	Compat::CompatBody::Aliases aliases;
	bool refreshRoute;
	std::function<void(CompatCall&)> run;
};


struct CompatProfileTable
	/// The rows of one profile, and the path prefixes that are the old
	/// API's alone (a path under one that no row serves answers the
	/// profile's 404; "/api/auth/" stays native).
{
	std::string profile;
	std::vector<CompatOperation> operations;
	std::vector<std::string> prefixes = {};
};


const CompatProfileTable& accountsProfile();
	/// Docs/COMPAT.md "accounts" (AccountsProfile.cpp).

const CompatProfileTable& authServiceProfile();
	/// Docs/COMPAT.md "auth-service" (AuthServiceProfile.cpp).

const CompatProfileTable& otpActivationProfile();
	/// Docs/COMPAT.md "otp-activation" (OtpActivationProfile.cpp).

const CompatProfileTable& signupProfile();
	/// Docs/COMPAT.md "signup" (SignupProfile.cpp).

const CompatProfileTable& phoneProfile();
	/// Docs/COMPAT.md "phone" (PhoneProfile.cpp).

const std::vector<const CompatProfileTable*>& compatProfileTables();
	/// Every profile built, in Compat::Profiles::all() order.


} } // namespace AuthServer::Http


#endif // AuthServer_Http_CompatOperation_INCLUDED
