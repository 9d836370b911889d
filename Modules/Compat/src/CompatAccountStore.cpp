//
// CompatAccountStore.cpp
//


#include "AuthServer/Compat/CompatAccountStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/Statement.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace Compat {


using Persistence::PgConnection;


CompatAccountStore::CompatAccountStore(Persistence::Database& database):
	_database(database),
	// "username IS NOT NULL" lets SQLite use the partial index.
	_usernameTaken(database.sql("SELECT COUNT(*) FROM users WHERE lower(username) = lower(?) AND username IS NOT NULL")),
	_setUsername(database.sql("UPDATE users SET username = ? WHERE id = ?")),
	_markPending(database.sql("INSERT INTO compat_pending_activations (user_id, created_at) VALUES (?, ?) ON CONFLICT (user_id) DO NOTHING")),
	_isPending(database.sql("SELECT COUNT(*) FROM compat_pending_activations WHERE user_id = ?")),
	_clearPending(database.sql("DELETE FROM compat_pending_activations WHERE user_id = ?"))
{
}


bool CompatAccountStore::usernameTaken(const std::string& username)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db)) return pg->integer(_usernameTaken, {username}) > 0;
	Poco::Int64 count = 0;
	std::string name = username;
	db << _usernameTaken, into(count), bind(name), now;
	return count > 0;
}


bool CompatAccountStore::setUsername(Poco::Data::Session& db, Poco::Int64 userId, const std::string& username)
{
	if (auto pg = PgConnection::of(_database, db)) return pg->update(_setUsername, {username, std::to_string(userId)}) == 1;
	std::string name = username;
	Poco::Data::Statement update(db);
	update << _setUsername, bind(name), bind(userId);
	return update.execute() == 1;
}


void CompatAccountStore::markPending(Poco::Data::Session& db, Poco::Int64 userId, Poco::Int64 at)
{
	if (auto pg = PgConnection::of(_database, db)) pg->update(_markPending, {std::to_string(userId), std::to_string(at)});
	else db << _markPending, bind(userId), bind(at), now;
}


bool CompatAccountStore::isPending(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db)) return pg->integer(_isPending, {std::to_string(userId)}) > 0;
	Poco::Int64 count = 0;
	db << _isPending, into(count), bind(userId), now;
	return count > 0;
}


bool CompatAccountStore::clearPending(Poco::Int64 userId)
{
	std::size_t changed = 0;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			changed = pg->update(_clearPending, {std::to_string(userId)});
			return;
		}
		Poco::Data::Statement remove(db);
		remove << _clearPending, bind(userId);
		changed = remove.execute();
	});
	return changed == 1;
}


} } // namespace AuthServer::Compat
