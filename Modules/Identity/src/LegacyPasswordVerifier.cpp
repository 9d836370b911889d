//
// LegacyPasswordVerifier.cpp
//


#include "AuthServer/Identity/LegacyPasswordVerifier.h"


namespace AuthServer {
namespace Identity {


LegacyPasswordVerifier::~LegacyPasswordVerifier() = default;


std::string LegacyPasswordVerifier::costClass(const std::string& storedHash) const
{
	return scheme(storedHash);
}


} } // namespace AuthServer::Identity
