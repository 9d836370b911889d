//
// MethodNotAllowedHandler.h
//


#ifndef AuthServer_Http_MethodNotAllowedHandler_INCLUDED
#define AuthServer_Http_MethodNotAllowedHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class MethodNotAllowedHandler: public ApiHandler
	/// A known path with another method: 405 method_not_allowed with the
	/// Allow header (RFC 9110 §15.5.6).
{
public:
	MethodNotAllowedHandler(const ServerContext& server, const RouteMatch& match, const std::string& allow);

protected:
	void handle(Exchange& exchange) override;

private:
	std::string _allow;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_MethodNotAllowedHandler_INCLUDED
