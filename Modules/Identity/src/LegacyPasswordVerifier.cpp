//
// LegacyPasswordVerifier.cpp
//


#include "AuthServer/Identity/LegacyPasswordVerifier.h"


namespace AuthServer {
namespace Identity {


LegacyPasswordVerifier::~LegacyPasswordVerifier() = default;


} } // namespace AuthServer::Identity
