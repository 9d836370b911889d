//
// SecondFactorGate.h
//
// What a login asks of the second factors (authenticator apps, passkeys).
//


#ifndef AuthServer_Identity_SecondFactorGate_INCLUDED
#define AuthServer_Identity_SecondFactorGate_INCLUDED


#include "AuthServer/Identity/RequestContext.h"
#include "AuthServer/Persistence/User.h"
#include <optional>
#include <string>
#include <vector>


namespace AuthServer {
namespace Identity {


class SecondFactorGate
	/// Implemented by the SecondFactor module (which depends on Identity,
	/// not the other way round). AuthenticationService asks it, once a
	/// first factor (password, or an email / SMS code) is proven, whether
	/// the account has a second factor; if so the login answers a challenge
	/// instead of tokens (API.md "Second factors", NIST SP 800-63B §5.1.3).
{
public:
	struct Challenge
	{
		std::string token;                 /// the opaque mfa_challenge
		std::vector<std::string> methods;  /// "totp", "recovery_code", "webauthn"
		std::string webauthnOptions;       /// JSON {"publicKey": request options} when "webauthn" is offered, else ""
	};

	virtual ~SecondFactorGate() = default;

	virtual std::optional<Challenge> challenge(const Persistence::User& user, const RequestContext& context) = 0;
		/// Returns a new challenge for a user with a second factor on, or
		/// nothing for a user without one. Throws Poco::Exception when the
		/// store or cache fails (the login then fails closed).
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_SecondFactorGate_INCLUDED
