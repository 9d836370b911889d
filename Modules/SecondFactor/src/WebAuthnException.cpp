//
// WebAuthnException.cpp
//


#include "AuthServer/SecondFactor/WebAuthnException.h"
#include <typeinfo>


namespace AuthServer {
namespace SecondFactor {


POCO_IMPLEMENT_EXCEPTION(WebAuthnException, Poco::Exception, "WebAuthn verification failed")


} } // namespace AuthServer::SecondFactor
