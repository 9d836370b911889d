//
// WebAuthnException.h
//
// A WebAuthn response that fails verification.
//


#ifndef AuthServer_SecondFactor_WebAuthnException_INCLUDED
#define AuthServer_SecondFactor_WebAuthnException_INCLUDED


#include "Poco/Exception.h"


namespace AuthServer {
namespace SecondFactor {


POCO_DECLARE_EXCEPTION(, WebAuthnException, Poco::Exception)
	/// Thrown by WebAuthnVerifier and CoseKey with the reason (a short
	/// English phrase such as "origin not allowed") as its message. The
	/// reason goes to the audit log only: clients get one code,
	/// invalid_credential (API.md "Second factors").


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_WebAuthnException_INCLUDED
