//
// AccountStyleHandler.h
//


#ifndef AuthServer_Http_AccountStyleHandler_INCLUDED
#define AuthServer_Http_AccountStyleHandler_INCLUDED


#include "AuthServer/Http/ApiHandler.h"


namespace AuthServer {
namespace Http {


class AccountStyleHandler: public ApiHandler
	/// GET /account/style.css: the hosted pages' stylesheet
	/// (Templates/account.css, read at start-up), text/css, cacheable for
	/// an hour.
{
public:
	AccountStyleHandler(const ServerContext& server, const RouteMatch& match);

protected:
	void handle(Exchange& exchange) override;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_AccountStyleHandler_INCLUDED
