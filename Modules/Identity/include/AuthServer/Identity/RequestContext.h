//
// RequestContext.h
//
// Who is calling, for the audit log and sessions.
//


#ifndef AuthServer_Identity_RequestContext_INCLUDED
#define AuthServer_Identity_RequestContext_INCLUDED


#include <string>


namespace AuthServer {
namespace Identity {


struct RequestContext
	/// The caller's address (the peer, or X-Forwarded-For from a trusted
	/// proxy), User-Agent (at most 512 bytes) and request id, handed by the
	/// HTTP layer to services.
{
	std::string ip;
	std::string userAgent;
	std::string requestId;
	std::string profile;
		/// The compatibility profile whose route the request came in on
		/// ("" for native routes); audit details add profile=<name>.
};


} } // namespace AuthServer::Identity


#endif // AuthServer_Identity_RequestContext_INCLUDED
