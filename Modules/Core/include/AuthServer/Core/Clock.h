//
// Clock.h
//
// Wall-clock time in whole seconds, and RFC 3339 formatting.
//


#ifndef AuthServer_Core_Clock_INCLUDED
#define AuthServer_Core_Clock_INCLUDED


#include "Poco/Types.h"
#include <string>


namespace AuthServer {
namespace Core {


class Clock
	/// Time as integer seconds since the Unix epoch: the unit of JWT
	/// NumericDate (RFC 7519 §2) and of every *_at column.
{
public:
	static Poco::Int64 now();
		/// Returns the current time in seconds since the epoch (UTC).

	static std::string toRfc3339(Poco::Int64 epochSeconds);
		/// Returns "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339 §5.6, UTC).
};


} } // namespace AuthServer::Core


#endif // AuthServer_Core_Clock_INCLUDED
