//
// ServerContext.h
//
// What request handlers may reach of the running server.
//


#ifndef AuthServer_Http_ServerContext_INCLUDED
#define AuthServer_Http_ServerContext_INCLUDED


#include "AuthServer/Cache/Cache.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Http/CorsPolicy.h"
#include "AuthServer/Http/AccountPages.h"
#include "AuthServer/Http/DocsAssets.h"
#include "AuthServer/Http/Metrics.h"
#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Tokens/TokenService.h"
#include "Poco/Net/IPAddress.h"
#include <memory>
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {
	class SecondFactorService;
}
namespace Compat {
	class LegacyTokenExchange;
} }


namespace AuthServer {
namespace Http {


class ServerContext
	/// The process as handlers see it (ClickHouse's IServer): the identity
	/// services, the backends for /ready, and the HTTP settings
	/// (http.maxRequestBody in bytes, http.trustedProxies). Handed to the
	/// handler factory; never a global. Outlives every request.
{
public:
	ServerContext(Identity::IdentityModule& identity, Persistence::Database& database, Cache::Cache& cache,
		Tokens::TokenService& tokens, std::size_t maxRequestBody, const std::vector<Poco::Net::IPAddress>& trustedProxies,
		const std::vector<Route>& routes = RouteTable::routes());
		/// routes: the served table (RouteTable::withProfiles() while
		/// compatibility profiles are on); it must outlive the context.

	Identity::IdentityModule& identity() const;
	Persistence::Database& database() const;
	Cache::Cache& cache() const;
	Tokens::TokenService& tokens() const;

	std::size_t maxRequestBody() const;
		/// Returns the largest accepted body in bytes.

	bool isTrustedProxy(const Poco::Net::IPAddress& address) const;
		/// Returns whether X-Forwarded-For from address is believed.

	const CorsPolicy& cors() const;
		/// Returns the CORS policy (http.cors.allowedOrigins; off until
		/// setCors()).

	void setCors(const CorsPolicy& cors);
		/// Replaces the CORS policy; call before the server starts.

	Metrics& metrics() const;
		/// Returns the request metrics (slots for RouteTable::routes(),
		/// created with this context); lock-free to record into.

	void setDocs(DocsAssets docs);
		/// Sets what GET /api/openapi.json and /api/docs serve; call before
		/// the server starts (not thread-safe). Empty until then: those
		/// routes answer 404.

	const DocsAssets& docs() const;
		/// Returns the API document and Swagger UI files.

	void setAccountPages(AccountPages pages);
		/// Sets the hosted verify/reset pages; call before the server
		/// starts (not thread-safe). Not loaded until then: their routes
		/// answer 404.

	const AccountPages& accountPages() const;
		/// Returns the hosted verify/reset pages.

	void setSecondFactor(SecondFactor::SecondFactorService* pService);
		/// Sets the second-factor service (authenticator apps); call before
		/// the server starts. Unset, its routes answer 503.

	SecondFactor::SecondFactorService& secondFactor() const;
		/// Returns the second-factor service; throws Core::AuthException
		/// service_unavailable when none is set.

	void setLegacyExchange(Compat::LegacyTokenExchange* pExchange);
		/// Sets the exchange of the old back end's refresh tokens
		/// (compat.legacySigningKey); call before the server starts.

	Compat::LegacyTokenExchange* legacyExchange() const;

	void setPhoneAccessLifetime(int seconds);
		/// Sets compat.phone.accessTokenLifetime (seconds, 60 ..
		/// session.absoluteLifetime): the life of the phone profile's
		/// access tokens (Docs/COMPAT.md "phone").

	int phoneAccessLifetime() const;
		/// Returns the phone profile's access token lifetime in seconds
		/// (1800 unless set).
		/// Returns the legacy exchange, or null when none is set.

private:
	Identity::IdentityModule& _identity;
	Persistence::Database& _database;
	Cache::Cache& _cache;
	Tokens::TokenService& _tokens;
	std::size_t _maxRequestBody;
	std::vector<Poco::Net::IPAddress> _trustedProxies;
	std::unique_ptr<Metrics> _pMetrics;
	CorsPolicy _cors;
	DocsAssets _docs;
	AccountPages _accountPages;
	SecondFactor::SecondFactorService* _pSecondFactor = nullptr;
	Compat::LegacyTokenExchange* _pLegacyExchange = nullptr;
	int _phoneAccessLifetime = 1800;
};


} } // namespace AuthServer::Http


#endif // AuthServer_Http_ServerContext_INCLUDED
