//
// DrfErrorShaper.h
//
// Native problems as Django REST Framework + simplejwt write errors.
//


#ifndef AuthServer_Compat_DrfErrorShaper_INCLUDED
#define AuthServer_Compat_DrfErrorShaper_INCLUDED


#include "AuthServer/Compat/ShapedError.h"
#include "AuthServer/Core/AuthException.h"


namespace AuthServer {
namespace Compat {


class DrfErrorShaper
	/// Maps a native problem (API.md's stable codes) to the answer DRF 3.14
	/// and djangorestframework-simplejwt 5.2 give for the same case
	/// (Docs/COMPAT.md "DRF profiles", the error table): field errors as
	/// {"<field as sent>": ["<Django's message>"]}, the rest as
	/// {"detail": ...} (simplejwt adds "code", "messages"). 401 answers
	/// carry WWW-Authenticate: Bearer realm="api" (DRF's
	/// JWTAuthentication.authenticate_header), 429 and 503 Retry-After,
	/// 405 Allow.
{
public:
	static ShapedError shape(const Core::AuthException& exception, const ErrorContext& context);
		/// Returns the DRF answer for exception. Never throws.

	static std::string message(const std::string& nativeMessage);
		/// Returns Django's wording of a native field message (password
		/// validators, mismatch), else nativeMessage unchanged.

	static bool isBadAuthorizationHeader(const std::string& authorization);
		/// Returns whether authorization is "Bearer" with 0 or 2+ values
		/// (simplejwt's bad_authorization_header).
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_DrfErrorShaper_INCLUDED
