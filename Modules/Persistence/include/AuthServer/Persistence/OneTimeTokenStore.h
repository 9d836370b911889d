//
// OneTimeTokenStore.h
//
// The one_time_tokens table.
//


#ifndef AuthServer_Persistence_OneTimeTokenStore_INCLUDED
#define AuthServer_Persistence_OneTimeTokenStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/OneTimeToken.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class OneTimeTokenStore
	/// Reads and writes single-use tokens. Throws Poco::Data::DataException
	/// on database failure.
{
public:
	explicit OneTimeTokenStore(Database& database);

	void replace(OneTimeToken& token);
		/// In one transaction, marks every unused token of the same user and
		/// purpose used (a resend invalidates earlier links and codes) and
		/// inserts token; sets token.id.

	int invalidateAll(Poco::Int64 userId, const std::string& purpose, Poco::Int64 at);
		/// Marks every unused token of the user for purpose used at `at`
		/// (seconds since the epoch); returns how many it ended.

	std::optional<OneTimeToken> findByTokenHash(const std::string& tokenHash);
		/// Returns the token with that hash, used or not.

	std::optional<OneTimeToken> findLatestUnused(Poco::Int64 userId, const std::string& purpose);
		/// Returns the newest unused token of the user for purpose.

	bool consume(Poco::Int64 id, Poco::Int64 at);
		/// Marks the token used if it was not; returns whether this call
		/// did it (exactly one concurrent consumer wins).

	int recordFailedAttempt(Poco::Int64 id);
		/// Adds one failed code attempt; returns the new count.

private:
	std::optional<OneTimeToken> findOne(const std::string& sql, Poco::Data::AbstractBinding::Ptr a, Poco::Data::AbstractBinding::Ptr b = nullptr);

	Database& _database;
	const std::string _invalidate;
	const std::string _insert;
	const std::string _byHash;
	const std::string _latestUnused;
	const std::string _consume;
	const std::string _fail;
	const std::string _attempts;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_OneTimeTokenStore_INCLUDED
