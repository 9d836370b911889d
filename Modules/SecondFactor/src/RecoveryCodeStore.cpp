//
// RecoveryCodeStore.cpp
//


#include "AuthServer/SecondFactor/RecoveryCodeStore.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


RecoveryCodeStore::RecoveryCodeStore(Persistence::Database& database):
	_database(database),
	_delete(database.sql("DELETE FROM recovery_codes WHERE user_id = ?")),
	_insert(database.sql("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)")),
	_spend(database.sql("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")),
	_remaining(database.sql("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL"))
{
}


void RecoveryCodeStore::replace(Poco::Int64 userId, const std::vector<std::string>& codeHashes, Poco::Int64 at)
{
	Poco::Data::Session db = _database.session();
	Persistence::Transaction transaction(_database, db);
	db << _delete, bind(userId), now;
	for (const std::string& hash: codeHashes)
	{
		std::string h = hash;
		db << _insert, bind(userId), bind(h), bind(at), now;
	}
	transaction.commit();
}


bool RecoveryCodeStore::spend(Poco::Int64 userId, const std::string& codeHash, Poco::Int64 at)
{
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement update(db);
	std::string h = codeHash;
	update << _spend, bind(at), bind(userId), bind(h);
	return update.execute() == 1;
}


int RecoveryCodeStore::remaining(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	Poco::Int64 count = 0;
	db << _remaining, bind(userId), into(count), now;
	return static_cast<int>(count);
}


void RecoveryCodeStore::removeAll(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	db << _delete, bind(userId), now;
}


} } // namespace AuthServer::SecondFactor
