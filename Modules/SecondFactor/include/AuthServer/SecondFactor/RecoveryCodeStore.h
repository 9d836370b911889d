//
// RecoveryCodeStore.h
//
// The recovery_codes table.
//


#ifndef AuthServer_SecondFactor_RecoveryCodeStore_INCLUDED
#define AuthServer_SecondFactor_RecoveryCodeStore_INCLUDED


#include "AuthServer/Persistence/Database.h"
#include <string>
#include <vector>


namespace AuthServer {
namespace SecondFactor {


class RecoveryCodeStore
	/// Keeps the digests of a user's recovery codes, never the codes
	/// (OWASP ASVS 2.6.1). Throws Poco::Data::DataException on database
	/// failure.
{
public:
	explicit RecoveryCodeStore(Persistence::Database& database);

	struct StoredCode
	{
		Poco::Int64 id = 0;
		std::string salt;      /// random, per code
		std::string codeHash;  /// SHA-256 hex of salt and code
	};

	void replace(Poco::Int64 userId, const std::vector<StoredCode>& codes, Poco::Int64 now);
		/// Deletes the user's codes, used or not, and stores codes (their
		/// ids are ignored) in one transaction: the old set dies with the
		/// new one's birth.

	std::vector<StoredCode> unused(Poco::Int64 userId);
		/// Returns the user's codes not spent yet.

	bool spend(Poco::Int64 id, Poco::Int64 now);
		/// Marks the code with id used if it is not yet (one conditional
		/// UPDATE); returns whether this caller spent it.

	int remaining(Poco::Int64 userId);
		/// Returns how many unused codes the user has.

	void removeAll(Poco::Int64 userId);
		/// Deletes the user's codes.

private:
	Persistence::Database& _database;
	const std::string _delete;
	const std::string _insert;
	const std::string _unused;
	const std::string _spend;
	const std::string _remaining;
};


} } // namespace AuthServer::SecondFactor


#endif // AuthServer_SecondFactor_RecoveryCodeStore_INCLUDED
