//
// RefreshTokenStore.h
//
// The refresh_tokens table.
//


#ifndef AuthServer_Persistence_RefreshTokenStore_INCLUDED
#define AuthServer_Persistence_RefreshTokenStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include "AuthServer/Persistence/RefreshTokenRecord.h"
#include <optional>
#include <string>


namespace AuthServer {
namespace Persistence {


class RefreshTokenStore
	/// Reads and writes refresh tokens. Throws Poco::Data::DataException on
	/// database failure.
{
public:
	explicit RefreshTokenStore(Database& database);

	void insert(Poco::Data::Session& db, const RefreshTokenRecord& token);
		/// Inserts within the caller's transaction.

	std::optional<RefreshTokenRecord> find(const std::string& tokenHash);
		/// Returns the token by its hash.

	bool markRotated(Poco::Data::Session& db, const std::string& tokenHash, Poco::Int64 at);
		/// Sets rotated_at only if it is still unset; returns whether this
		/// call did it. The conditional UPDATE makes exactly one of several
		/// concurrent rotations of one token win, on every instance that
		/// shares the database.

private:
	Database& _database;
	const std::string _insert;
	const std::string _find;
	const std::string _markRotated;
};


} } // namespace AuthServer::Persistence


#endif // AuthServer_Persistence_RefreshTokenStore_INCLUDED
