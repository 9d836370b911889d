//
// WebAuthnCredentialStore.h
//
// The webauthn_credentials table.
//


#ifndef AuthServer_SecondFactor_WebAuthnCredentialStore_INCLUDED
#define AuthServer_SecondFactor_WebAuthnCredentialStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/SecondFactor/WebAuthnCredential.h"
#include <optional>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


class WebAuthnCredentialStore
	/// Reads and writes passkeys with bound parameters
	/// (Migrations/*/0007_webauthn_credentials.sql). Throws
	/// Poco::Data::DataException on database failure.
{
public:
	explicit WebAuthnCredentialStore(Persistence::Database& database);

	std::optional<Poco::Int64> insert(const WebAuthnCredential& credential);
		/// Stores a new passkey (id ignored); returns its id, or nothing
		/// when its credential_id is registered already (any account).

	std::vector<WebAuthnCredential> forUser(Poco::Int64 userId);
		/// Returns the user's passkeys, oldest first.

	std::optional<WebAuthnCredential> findByCredentialId(const std::string& credentialId);
		/// Returns the passkey with this credential id (base64url), if any.

	bool recordUse(Poco::Int64 id, Poco::Int64 signCount, Poco::Int64 now);
		/// Sets sign_count = signCount and last_used_at = now only if
		/// signCount is greater than the stored one, or both are 0 (one
		/// conditional UPDATE): returns whether this use won. A replayed
		/// or concurrently used assertion loses.

	bool remove(Poco::Int64 userId, Poco::Int64 id);
		/// Deletes the user's passkey id; returns whether there was one.

	int removeAll(Poco::Int64 userId);
		/// Deletes every passkey of the user; returns how many.

private:
	std::vector<WebAuthnCredential> select(const std::string& sql, const std::string& key, Poco::Int64 userId);

	Persistence::Database& _database;
	const std::string _insert;
	const std::string _forUser;
	const std::string _byCredentialId;
	const std::string _recordUse;
	const std::string _remove;
	const std::string _removeAll;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_WebAuthnCredentialStore_INCLUDED
