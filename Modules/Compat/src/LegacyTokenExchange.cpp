//
// LegacyTokenExchange.cpp
//


#include "AuthServer/Compat/LegacyTokenExchange.h"
#include "AuthServer/Core/AuthException.h"
#include "AuthServer/Core/Clock.h"


using AuthServer::Core::AuthException;
using AuthServer::Core::Problem;


namespace AuthServer {
namespace Compat {


LegacyTokenExchange::LegacyTokenExchange(Identity::IdentityModule& identity, Persistence::Database& database, const std::string& key):
	_identity(identity),
	_store(database),
	_verifier(key)
{
}


bool LegacyTokenExchange::enabled() const
{
	return _verifier.enabled();
}


Identity::TokenPair LegacyTokenExchange::exchange(const std::string& token, const Identity::RequestContext& context)
{
	Poco::Int64 now = Core::Clock::now();
	LegacyClaims claims = _verifier.verify(token, now);
	const AuthException invalid(Problem::InvalidToken, "Token is invalid or expired");
	std::optional<Persistence::User> user = _identity.users().findById(claims.userId);
	if (!user || !user->isActive) throw invalid;
	// Only an account imported from the replaced back end can hold its
	// tokens: an account made here (an admin created after the cut-over)
	// never trusts the old key. Without "iat", the import is the bound.
	std::optional<Poco::Int64> importedAt = _store.importedAt(user->id);
	if (!importedAt) throw invalid;
	if (_store.credentialsChangedSince(user->id, claims.issuedAt.value_or(*importedAt))) throw invalid;
	_store.purgeExpired(now);
	bool reused = false;
	try
	{
		Identity::TokenPair pair = _identity.authentication().startSession(*user, context, [&](Poco::Data::Session& db)
		{
			if (!_store.insert(db, claims.jti, user->id, claims.expiresAt, now))
			{
				reused = true;
				throw AuthException(Problem::TokenReused, "Token is blacklisted");
			}
			_identity.audit().recordIn(db, "legacy_token_exchanged", user->id, context, "");
		});
		_identity.audit().logCommitted("legacy_token_exchanged", user->id, context, "");
		return pair;
	}
	catch (AuthException&)
	{
		if (reused) _identity.audit().record("token_reuse_detected", user->id, context, "legacy");
		throw;
	}
}


} } // namespace AuthServer::Compat
