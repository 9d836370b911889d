//
// TotpStore.h
//
// The totp_factors table.
//


#ifndef AuthServer_SecondFactor_TotpStore_INCLUDED
#define AuthServer_SecondFactor_TotpStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/SecondFactor/TotpFactor.h"
#include <optional>


namespace AuthServer {
namespace SecondFactor {


class TotpStore
	/// Reads and writes authenticator-app secrets with bound parameters
	/// (Migrations/*/0004_second_factors.sql); on PostgreSQL as statements
	/// prepared once per connection (one round trip each). Throws
	/// Poco::Data::DataException on database failure.
{
public:
	explicit TotpStore(Persistence::Database& database);

	std::optional<TotpFactor> find(Poco::Int64 userId);
		/// Returns the user's row, confirmed or pending, if any.

	bool replacePending(Poco::Int64 userId, const std::string& sealedSecret, Poco::Int64 now);
		/// Stores an unconfirmed row holding sealedSecret, replacing an
		/// earlier unconfirmed one (one INSERT ... ON CONFLICT DO UPDATE, so
		/// concurrent set-ups cannot collide). Returns false, changing
		/// nothing, when the user's row is confirmed.

	bool confirm(Poco::Int64 userId, Poco::Int64 step, Poco::Int64 now);
		/// Marks the pending row confirmed with step as its last accepted
		/// step; returns false when there was no pending row (already
		/// confirmed by a concurrent request, or none).

	bool acceptStep(Poco::Int64 userId, Poco::Int64 step);
		/// Sets last_step = step only if step > last_step of a confirmed row
		/// (one conditional UPDATE): returns whether this caller won the
		/// step. A replayed or concurrently used code loses.

	bool remove(Poco::Int64 userId);
		/// Deletes the user's row; returns whether there was one.

	struct Enrollment
	{
		bool totp = false;       /// a confirmed authenticator app
		int recoveryCodes = 0;   /// unused recovery codes
		int passkeys = 0;        /// registered WebAuthn credentials
	};

	Enrollment enrollment(Poco::Int64 userId);
		/// Returns the user's second factors as one statement over
		/// totp_factors, recovery_codes and webauthn_credentials: the login
		/// gate asks it of every password login, one round trip on
		/// PostgreSQL (issue 14) instead of one per table.

private:
	Persistence::Database& _database;
	const std::string _find;
	const std::string _delete;
	const std::string _upsertPending;
	const std::string _confirm;
	const std::string _accept;
	const std::string _enrollment;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_TotpStore_INCLUDED
