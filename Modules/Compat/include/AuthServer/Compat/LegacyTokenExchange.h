//
// LegacyTokenExchange.h
//
// Old simplejwt refresh tokens exchanged once for an AuthServer session.
//


#ifndef AuthServer_Compat_LegacyTokenExchange_INCLUDED
#define AuthServer_Compat_LegacyTokenExchange_INCLUDED


#include "AuthServer/Compat/LegacyTokenStore.h"
#include "AuthServer/Compat/LegacyTokenVerifier.h"
#include "AuthServer/Identity/IdentityModule.h"
#include "AuthServer/Identity/TokenPair.h"


namespace AuthServer {
namespace Compat {


class LegacyTokenExchange
	/// Docs/COMPAT.md "Legacy tokens": a refresh token of the old back end
	/// (LegacyTokenVerifier) whose user_id is an active user who has not
	/// changed or reset the password, nor had every session revoked, since
	/// the token's iat opens a session as a login does; its jti is stored
	/// in the session's transaction (LegacyTokenStore), so it is exchanged
	/// once across every instance. Audits legacy_token_exchanged, and
	/// token_reuse_detected (detail legacy) for a second presentation.
	/// Bookkeeping of imported accounts is not kept here: any active
	/// account id qualifies.
{
public:
	LegacyTokenExchange(Identity::IdentityModule& identity, Persistence::Database& database, const std::string& key);

	bool enabled() const;
		/// Returns whether compat.legacySigningKey is set.

	Identity::TokenPair exchange(const std::string& token, const Identity::RequestContext& context);
		/// Returns the first token pair of the new session. Throws
		/// Core::AuthException (401): token_reused "Token is blacklisted"
		/// for a jti exchanged before, invalid_token "Token has wrong type"
		/// for an old access token, else invalid_token "Token is invalid
		/// or expired" (also when user_id is not an active account imported
		/// by --import-django, or its password changed or all its sessions
		/// were revoked since the token's iat, else since the import).

private:
	Identity::IdentityModule& _identity;
	LegacyTokenStore _store;
	LegacyTokenVerifier _verifier;
};


} } // namespace AuthServer::Compat


#endif // AuthServer_Compat_LegacyTokenExchange_INCLUDED
