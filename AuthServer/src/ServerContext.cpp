//
// ServerContext.cpp
//


#include "AuthServer/Http/ServerContext.h"
#include "AuthServer/Http/RouteTable.h"
#include "AuthServer/Cache/NearCache.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/SecondFactor/SecondFactorService.h"


namespace AuthServer {
namespace Http {


ServerContext::ServerContext(Identity::IdentityModule& identity, Persistence::Database& database, Cache::Cache& cache,
	Tokens::TokenService& tokens, std::size_t maxRequestBody, const std::vector<Poco::Net::IPAddress>& trustedProxies,
	const std::vector<Route>& routes):
	_identity(identity),
	_database(database),
	_cache(cache),
	_tokens(tokens),
	_maxRequestBody(maxRequestBody),
	_trustedProxies(trustedProxies),
	_pMetrics(new Metrics(routes))
{
	_pMetrics->setOtpService(&identity.otp());
	_pMetrics->setRateLimitCache(&identity.rateLimitCache());
	_pMetrics->setNearCache(dynamic_cast<const Cache::NearCache*>(&cache));
	_pMetrics->setDatabase(&database);
}


void ServerContext::setLegacyExchange(Compat::LegacyTokenExchange* pExchange)
{
	_pLegacyExchange = pExchange;
}


Compat::LegacyTokenExchange* ServerContext::legacyExchange() const
{
	return _pLegacyExchange;
}


void ServerContext::setPhoneAccessLifetime(int seconds)
{
	_phoneAccessLifetime = seconds;
}


int ServerContext::phoneAccessLifetime() const
{
	return _phoneAccessLifetime;
}


const CorsPolicy& ServerContext::cors() const
{
	return _cors;
}


void ServerContext::setCors(const CorsPolicy& cors)
{
	_cors = cors;
}


Metrics& ServerContext::metrics() const
{
	return *_pMetrics;
}


void ServerContext::setDocs(DocsAssets docs)
{
	_docs = std::move(docs);
}


const DocsAssets& ServerContext::docs() const
{
	return _docs;
}


void ServerContext::setSecondFactor(SecondFactor::SecondFactorService* pService)
{
	_pSecondFactor = pService;
}


SecondFactor::SecondFactorService& ServerContext::secondFactor() const
{
	if (!_pSecondFactor) throw Core::AuthException(Core::Problem::ServiceUnavailable, "Second factors are not available on this server.");
	return *_pSecondFactor;
}


Identity::IdentityModule& ServerContext::identity() const
{
	return _identity;
}


Persistence::Database& ServerContext::database() const
{
	return _database;
}


Cache::Cache& ServerContext::cache() const
{
	return _cache;
}


Tokens::TokenService& ServerContext::tokens() const
{
	return _tokens;
}


std::size_t ServerContext::maxRequestBody() const
{
	return _maxRequestBody;
}


bool ServerContext::isTrustedProxy(const Poco::Net::IPAddress& address) const
{
	for (const auto& proxy: _trustedProxies)
		if (proxy == address) return true;
	return false;
}


void ServerContext::setAccountPages(AccountPages pages)
{
	_accountPages = std::move(pages);
}


const AccountPages& ServerContext::accountPages() const
{
	return _accountPages;
}


} } // namespace AuthServer::Http
