//
// RecoveryCodeStore.cpp
//


#include "AuthServer/SecondFactor/RecoveryCodeStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


using Persistence::PgConnection;


RecoveryCodeStore::RecoveryCodeStore(Persistence::Database& database):
	_database(database),
	_delete(database.sql("DELETE FROM recovery_codes WHERE user_id = ?")),
	_insert(database.sql("INSERT INTO recovery_codes (user_id, salt, code_hash, created_at) VALUES (?, ?, ?, ?)")),
	_unused(database.sql("SELECT id, salt, code_hash FROM recovery_codes WHERE user_id = ? AND used_at IS NULL ORDER BY id")),
	_spend(database.sql("UPDATE recovery_codes SET used_at = ? WHERE id = ? AND used_at IS NULL")),
	_remaining(database.sql("SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL"))
{
}


void RecoveryCodeStore::replace(Poco::Int64 userId, const std::vector<StoredCode>& codes, Poco::Int64 at)
{
	_database.write([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			pg->update(_delete, {std::to_string(userId)});
			for (const StoredCode& code: codes)
				pg->update(_insert, {std::to_string(userId), code.salt, code.codeHash, std::to_string(at)});
			return;
		}
		db << _delete, bind(userId), now;
		for (const StoredCode& code: codes)
		{
			std::string salt = code.salt;
			std::string hash = code.codeHash;
			db << _insert, bind(userId), bind(salt), bind(hash), bind(at), now;
		}
	});
}


std::vector<RecoveryCodeStore::StoredCode> RecoveryCodeStore::unused(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	std::vector<StoredCode> codes;
	if (auto pg = PgConnection::of(_database, db))
	{
		for (const PgConnection::Row& row: pg->execute(_unused, {std::to_string(userId)}))
			codes.push_back(StoredCode{std::stoll(row[0].value_or("0")), row[1].value_or(std::string()), row[2].value_or(std::string())});
		return codes;
	}
	std::vector<Poco::Int64> ids;
	std::vector<std::string> salts;
	std::vector<std::string> hashes;
	db << _unused, bind(userId), into(ids), into(salts), into(hashes), now;
	for (std::size_t i = 0; i < ids.size(); ++i) codes.push_back(StoredCode{ids[i], salts[i], hashes[i]});
	return codes;
}


bool RecoveryCodeStore::spend(Poco::Int64 id, Poco::Int64 at)
{
	bool spent = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			spent = pg->update(_spend, {std::to_string(at), std::to_string(id)}) == 1;
			return;
		}
		Poco::Data::Statement update(db);
		update << _spend, bind(at), bind(id);
		spent = update.execute() == 1;
	});
	return spent;
}


int RecoveryCodeStore::remaining(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_remaining, {std::to_string(userId)});
		return rows.empty() || !rows.front()[0] ? 0 : std::stoi(*rows.front()[0]);
	}
	Poco::Int64 count = 0;
	db << _remaining, bind(userId), into(count), now;
	return static_cast<int>(count);
}


void RecoveryCodeStore::removeAll(Poco::Int64 userId)
{
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db)) pg->update(_delete, {std::to_string(userId)});
		else db << _delete, bind(userId), now;
	});
}


} } // namespace AuthServer::SecondFactor
