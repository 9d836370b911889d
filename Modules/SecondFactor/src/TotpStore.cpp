//
// TotpStore.cpp
//


#include "AuthServer/SecondFactor/TotpStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


using Persistence::PgConnection;


namespace
{
	std::string text(Poco::Int64 value)
	{
		return std::to_string(value);
	}

	Poco::Int64 integer(const PgConnection::Value& value)
	{
		return value ? std::stoll(*value) : 0;
	}
}


TotpStore::TotpStore(Persistence::Database& database):
	_database(database),
	_find(database.sql("SELECT secret, confirmed_at, last_step, created_at FROM totp_factors WHERE user_id = ?")),
	_delete(database.sql("DELETE FROM totp_factors WHERE user_id = ?")),
	_upsertPending(database.sql("INSERT INTO totp_factors (user_id, secret, confirmed_at, last_step, created_at) VALUES (?, ?, NULL, 0, ?) "
		"ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at "
		"WHERE totp_factors.confirmed_at IS NULL")),
	_confirm(database.sql("UPDATE totp_factors SET confirmed_at = ?, last_step = ? WHERE user_id = ? AND confirmed_at IS NULL")),
	_accept(database.sql("UPDATE totp_factors SET last_step = ? WHERE user_id = ? AND confirmed_at IS NOT NULL AND last_step < ?")),
	_enrollment(database.sql("SELECT (SELECT COUNT(*) FROM totp_factors WHERE user_id = ? AND confirmed_at IS NOT NULL), "
		"(SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL), "
		"(SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?)"))
{
}


std::optional<TotpFactor> TotpStore::find(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_find, {text(userId)});
		if (rows.empty()) return std::nullopt;
		const PgConnection::Row& row = rows.front();
		TotpFactor factor;
		factor.userId = userId;
		factor.sealedSecret = row[0].value_or(std::string());
		if (row[1]) factor.confirmedAt = integer(row[1]);
		factor.lastStep = integer(row[2]);
		factor.createdAt = integer(row[3]);
		return factor;
	}
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
		if (auto pg = PgConnection::of(_database, db))
		{
			stored = pg->update(_upsertPending, {text(userId), secret, text(at)}) == 1;
			return;
		}
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
		if (auto pg = PgConnection::of(_database, db))
		{
			confirmed = pg->update(_confirm, {text(at), text(step), text(userId)}) == 1;
			return;
		}
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
		if (auto pg = PgConnection::of(_database, db))
		{
			accepted = pg->update(_accept, {text(step), text(userId), text(step)}) == 1;
			return;
		}
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
		if (auto pg = PgConnection::of(_database, db))
		{
			removed = pg->update(_delete, {text(userId)}) > 0;
			return;
		}
		Poco::Data::Statement del(db);
		del << _delete, bind(userId);
		removed = del.execute() > 0;
	});
	return removed;
}


TotpStore::Enrollment TotpStore::enrollment(Poco::Int64 userId)
{
	Enrollment result;
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<PgConnection::Row> rows = pg->execute(_enrollment, {text(userId), text(userId), text(userId)});
		if (rows.empty() || rows.front().size() < 3) return result;
		result.totp = integer(rows.front()[0]) > 0;
		result.recoveryCodes = static_cast<int>(integer(rows.front()[1]));
		result.passkeys = static_cast<int>(integer(rows.front()[2]));
		return result;
	}
	Poco::Int64 totp = 0, codes = 0, passkeys = 0;
	db << _enrollment, bind(userId), bind(userId), bind(userId), into(totp), into(codes), into(passkeys), now;
	result.totp = totp > 0;
	result.recoveryCodes = static_cast<int>(codes);
	result.passkeys = static_cast<int>(passkeys);
	return result;
}


} } // namespace AuthServer::SecondFactor
