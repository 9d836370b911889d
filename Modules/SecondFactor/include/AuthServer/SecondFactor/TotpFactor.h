//
// TotpFactor.h
//
// One row of totp_factors.
//


#ifndef AuthServer_SecondFactor_TotpFactor_INCLUDED
#define AuthServer_SecondFactor_TotpFactor_INCLUDED


#include "Poco/Types.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace SecondFactor {


struct TotpFactor
	/// A user's authenticator-app secret as stored: sealedSecret is the
	/// AES-256-GCM sealed base32 secret (Delivery::PayloadCipher);
	/// confirmedAt (Unix seconds) is empty while the set-up awaits its first
	/// code; lastStep is the last accepted RFC 6238 time step (0 = none).
{
	Poco::Int64 userId = 0;
	std::string sealedSecret;
	std::optional<Poco::Int64> confirmedAt;
	Poco::Int64 lastStep = 0;
	Poco::Int64 createdAt = 0;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_TotpFactor_INCLUDED
