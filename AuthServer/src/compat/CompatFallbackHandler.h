//
// CompatFallbackHandler.h
//
// A profile's 404 and 405 answers.
//


#ifndef AuthServer_Http_CompatFallbackHandler_INCLUDED
#define AuthServer_Http_CompatFallbackHandler_INCLUDED


#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class CompatFallbackHandler: public ApiHandler
	/// Answers a path of a profile no route serves (404) or a method its
	/// routes do not take (405, allow non-empty, with Allow) in the
	/// profile's style (Docs/COMPAT.md: DRF {"detail": "Not found."},
	/// {"detail": "Method \"GET\" not allowed."}; FastAPI "Not Found",
	/// "Method Not Allowed").
{
public:
	CompatFallbackHandler(const ServerContext& server, const RouteMatch& match, const Compat::ProfileInfo& profile, const std::string& allow);

protected:
	void handle(Exchange& exchange) override;
	void sendError(Exchange& exchange, const Core::AuthException& exception) override;

private:
	const Compat::ProfileInfo& _profile;
	std::string _allow;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_CompatFallbackHandler_INCLUDED
