//
// TotpStore.cpp
//


#include "AuthServer/SecondFactor/TotpStore.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


TotpStore::TotpStore(Persistence::Database& database):
	_database(database),
	_find(database.sql("SELECT secret, confirmed_at, last_step, created_at FROM totp_factors WHERE user_id = ?")),
	_delete(database.sql("DELETE FROM totp_factors WHERE user_id = ?")),
	_upsertPending(database.sql("INSERT INTO totp_factors (user_id, secret, confirmed_at, last_step, created_at) VALUES (?, ?, NULL, 0, ?) "
		"ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at "
		"WHERE totp_factors.confirmed_at IS NULL")),
	_confirm(database.sql("UPDATE totp_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL")),
	_accept(database.sql("UPDATE totp_factors SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?"))
{
}


std::optional<TotpFactor> TotpStore::find(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	std::vector<std::string> secrets;
	std::vector<Poco::Nullable<Poco::Int64>> confirmed;
	std::vector<Poco::Int64> steps;
	std::vector<Poco::Int64> created;
	db << _find, bind(userId), into(secrets), into(confirmed), into(steps), into(created), now;
	if (secrets.empty()) return std::nullopt;
	TotpFactor factor;
	factor.userId = userId;
	factor.sealedSecret = secrets[0];
	if (!confirmed[0].isNull()) factor.confirmedAt = confirmed[0].value();
	factor.lastStep = steps[0];
	factor.createdAt = created[0];
	return factor;
}


bool TotpStore::replacePending(Poco::Int64 userId, const std::string& sealedSecret, Poco::Int64 at)
{
	bool stored = false;
	std::string secret = sealedSecret;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		Poco::Data::Statement upsert(db);
		upsert << _upsertPending, bind(userId), bind(secret), bind(at);
		stored = upsert.execute() == 1;
	});
	return stored;
}


bool TotpStore::confirm(Poco::Int64 userId, Poco::Int64 step, Poco::Int64 at)
{
	bool confirmed = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		Poco::Data::Statement update(db);
		update << _confirm, bind(at), bind(step), bind(userId);
		confirmed = update.execute() == 1;
	});
	return confirmed;
}


bool TotpStore::acceptStep(Poco::Int64 userId, Poco::Int64 step)
{
	bool accepted = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		Poco::Data::Statement update(db);
		update << _accept, bind(step), bind(userId), bind(step);
		accepted = update.execute() == 1;
	});
	return accepted;
}


bool TotpStore::remove(Poco::Int64 userId)
{
	bool removed = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		Poco::Data::Statement del(db);
		del << _delete, bind(userId);
		removed = del.execute() > 0;
	});
	return removed;
}


} } // namespace AuthServer::SecondFactor
