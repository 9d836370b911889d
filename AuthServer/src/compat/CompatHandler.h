//
// CompatHandler.h
//
// Serves one row of a compatibility profile.
//


#ifndef AuthServer_Http_CompatHandler_INCLUDED
#define AuthServer_Http_CompatHandler_INCLUDED


#include "AuthServer/Compat/Profiles.h"
#include "AuthServer/Http/ApiHandler.h"
#include "CompatOperation.h"


namespace AuthServer {
namespace Http {


class CompatHandler: public ApiHandler
	/// Reads the body as the old API's framework did (JSON, or
	/// application/x-www-form-urlencoded and multipart/form-data through
	/// POCO's HTMLForm, text parts only) into a Compat::CompatBody with the
	/// row's aliases, runs the row's operation (a native service call and
	/// the old answer), and answers every error in the profile's style
	/// (Compat::DrfErrorShaper or Compat::FastApiErrorShaper). Headers,
	/// authentication, rate limits, CORS and body limits are ApiHandler's,
	/// as on native routes.
{
public:
	CompatHandler(const ServerContext& server, const RouteMatch& match, const CompatOperation& operation, const Compat::ProfileInfo& profile);

protected:
	void handle(Exchange& exchange) override;
	void sendError(Exchange& exchange, const Core::AuthException& exception) override;

private:
	Compat::CompatBody readBody(Exchange& exchange);

	const CompatOperation& _operation;
	const Compat::ProfileInfo& _profile;
	std::map<std::string, std::string> _sentNames;
	std::set<std::string> _given;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_CompatHandler_INCLUDED
