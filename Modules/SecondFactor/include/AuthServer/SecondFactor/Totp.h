//
// Totp.h
//
// Time-based one-time passwords (RFC 6238) as authenticator apps make them.
//


#ifndef AuthServer_SecondFactor_Totp_INCLUDED
#define AuthServer_SecondFactor_Totp_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace SecondFactor {


class Totp
	/// TOTP per RFC 6238 with the parameters every authenticator app uses by
	/// default (Google Authenticator's key URI format): HMAC-SHA1, 6 digits,
	/// a 30-second step counted from the Unix epoch (T0 = 0). The HMAC is
	/// Poco::HMACEngine<SHA1Engine>; the dynamic truncation is RFC 4226 §5.3.
{
public:
	static constexpr int DIGITS = 6;
	static constexpr Poco::Int64 STEP_SECONDS = 30;
	static constexpr int DRIFT_STEPS = 1;
		/// Steps accepted either side of now (RFC 6238 §5.2: one step of
		/// network delay or clock drift).

	static Poco::Int64 step(Poco::Int64 unixSeconds);
		/// Returns the time step T = floor(unixSeconds / 30) (RFC 6238 §4.2).

	static std::string code(const std::string& key, Poco::Int64 step, int digits = DIGITS);
		/// Returns the code for step (RFC 4226 HOTP of the counter), digits
		/// long with leading zeros. key: the raw shared secret bytes.

	static std::optional<Poco::Int64> match(const std::string& key, const std::string& code, Poco::Int64 unixSeconds, Poco::Int64 lastUsedStep);
		/// Returns the step in [step(unixSeconds) - 1, step(unixSeconds) + 1]
		/// whose code equals code (compared in constant time), provided it is
		/// after lastUsedStep: a step once accepted is refused again, so an
		/// observed code cannot be replayed (RFC 6238 §5.2, OWASP ASVS
		/// 2.8.4). Returns nothing for no match, a code that is not 6 digits,
		/// or a replay.

	static std::string encodeSecret(const std::string& key);
		/// Returns key in base32 (RFC 4648 §6) without padding, the form
		/// authenticator apps take (Poco::Base32Encoder).

	static std::string decodeSecret(const std::string& base32);
		/// Returns the raw bytes of a base32 secret (padding optional).
		/// Throws Poco::DataFormatException for bad input.
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_Totp_INCLUDED
