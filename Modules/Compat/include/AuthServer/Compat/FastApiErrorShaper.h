//
// FastApiErrorShaper.h
//
// Native problems as FastAPI + Pydantic v2 write errors.
//


#ifndef AuthServer_Compat_FastApiErrorShaper_INCLUDED
#define AuthServer_Compat_FastApiErrorShaper_INCLUDED


#include "AuthServer/Compat/ShapedError.h"
#include "AuthServer/Core/AuthException.h"


namespace AuthServer {
namespace Compat {


class FastApiErrorShaper
	/// Maps a native problem to FastAPI's answer (Docs/COMPAT.md "phone",
	/// its error table): 422 {"detail": [{"loc": ["body", field], "msg",
	/// "type"}]} for invalid bodies (Pydantic's input member left out: codes
	/// are never echoed), {"detail": "<text>"} for the rest. 401 answers
	/// carry WWW-Authenticate: Bearer (fastapi.security.HTTPBearer).
{
public:
	static ShapedError shape(const Core::AuthException& exception, const ErrorContext& context);
		/// Returns the FastAPI answer for exception. Never throws.
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_FastApiErrorShaper_INCLUDED
