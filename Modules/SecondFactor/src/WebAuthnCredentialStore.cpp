//
// WebAuthnCredentialStore.cpp
//


#include "AuthServer/SecondFactor/WebAuthnCredentialStore.h"
#include "AuthServer/Persistence/PgConnection.h"
#include "AuthServer/Persistence/PgRowReader.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


using Persistence::PgConnection;
using Persistence::PgRowReader;


namespace
{
	const std::string COLUMNS = "id, user_id, credential_id, user_handle, public_key, algorithm, sign_count, name, transports, created_at, last_used_at";

	const PgRowReader::Columns& pgColumns()
	{
		static const PgRowReader::Columns columns(COLUMNS);
		return columns;
	}

	WebAuthnCredential readCredential(const PgRowReader& r)
	{
		WebAuthnCredential c;
		c.id = r.int64("id");
		c.userId = r.int64("user_id");
		c.credentialId = r.str("credential_id");
		c.userHandle = r.str("user_handle");
		c.publicKey = r.str("public_key");
		c.algorithm = static_cast<int>(r.int64("algorithm"));
		c.signCount = r.int64("sign_count");
		c.name = r.str("name");
		c.transports = r.str("transports");
		c.createdAt = r.int64("created_at");
		c.lastUsedAt = r.optInt64("last_used_at");
		return c;
	}

	std::string text(Poco::Int64 value)
	{
		return std::to_string(value);
	}
}


WebAuthnCredentialStore::WebAuthnCredentialStore(Persistence::Database& database):
	_database(database),
	_insert(database.sql("INSERT INTO webauthn_credentials (user_id, credential_id, user_handle, public_key, algorithm, sign_count, name, transports, created_at) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING RETURNING id")),
	_forUser(database.sql("SELECT " + COLUMNS + " FROM webauthn_credentials WHERE user_id = ? ORDER BY id")),
	_byCredentialId(database.sql("SELECT " + COLUMNS + " FROM webauthn_credentials WHERE credential_id = ?")),
	_recordUse(database.sql("UPDATE webauthn_credentials SET sign_count = ?, last_used_at = ? WHERE id = ? AND (sign_count < ? OR (sign_count = 0 AND ? = 0))")),
	_remove(database.sql("DELETE FROM webauthn_credentials WHERE user_id = ? AND id = ?")),
	_removeAll(database.sql("DELETE FROM webauthn_credentials WHERE user_id = ?"))
{
}


std::optional<Poco::Int64> WebAuthnCredentialStore::insert(const WebAuthnCredential& c)
{
	std::vector<Poco::Int64> ids;
	WebAuthnCredential v = c;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			for (const PgConnection::Row& row: pg->execute(_insert, {text(v.userId), v.credentialId, v.userHandle, v.publicKey, text(v.algorithm),
				text(v.signCount), v.name, v.transports, text(v.createdAt)}))
				if (row[0]) ids.push_back(std::stoll(*row[0]));
			return;
		}
		db << _insert, bind(v.userId), bind(v.credentialId), bind(v.userHandle), bind(v.publicKey), bind(v.algorithm), bind(v.signCount),
			bind(v.name), bind(v.transports), bind(v.createdAt), into(ids), now;
	});
	if (ids.empty()) return std::nullopt;
	return ids[0];
}


std::vector<WebAuthnCredential> WebAuthnCredentialStore::select(const std::string& sql, const std::string& key, Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	if (auto pg = PgConnection::of(_database, db))
	{
		std::vector<WebAuthnCredential> found;
		for (const PgConnection::Row& row: pg->execute(sql, {key.empty() ? text(userId) : key}))
			found.push_back(readCredential(PgRowReader(row, pgColumns())));
		return found;
	}
	std::vector<Poco::Int64> ids, users, signCounts, created;
	std::vector<std::string> credentialIds, handles, keys, names, transports;
	std::vector<int> algorithms;
	std::vector<Poco::Nullable<Poco::Int64>> used;
	Poco::Data::Statement statement(db);
	std::string k = key;
	statement << sql, into(ids), into(users), into(credentialIds), into(handles), into(keys), into(algorithms), into(signCounts),
		into(names), into(transports), into(created), into(used);
	if (key.empty()) statement, bind(userId);
	else statement, bind(k);
	statement.execute();
	std::vector<WebAuthnCredential> out;
	for (std::size_t i = 0; i < ids.size(); ++i)
	{
		WebAuthnCredential c;
		c.id = ids[i];
		c.userId = users[i];
		c.credentialId = credentialIds[i];
		c.userHandle = handles[i];
		c.publicKey = keys[i];
		c.algorithm = algorithms[i];
		c.signCount = signCounts[i];
		c.name = names[i];
		c.transports = transports[i];
		c.createdAt = created[i];
		if (!used[i].isNull()) c.lastUsedAt = used[i].value();
		out.push_back(c);
	}
	return out;
}


std::vector<WebAuthnCredential> WebAuthnCredentialStore::forUser(Poco::Int64 userId)
{
	return select(_forUser, std::string(), userId);
}


std::optional<WebAuthnCredential> WebAuthnCredentialStore::findByCredentialId(const std::string& credentialId)
{
	if (credentialId.empty()) return std::nullopt;
	std::vector<WebAuthnCredential> found = select(_byCredentialId, credentialId, 0);
	if (found.empty()) return std::nullopt;
	return found[0];
}


bool WebAuthnCredentialStore::recordUse(Poco::Int64 id, Poco::Int64 signCount, Poco::Int64 at)
{
	bool recorded = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			recorded = pg->update(_recordUse, {text(signCount), text(at), text(id), text(signCount), text(signCount)}) == 1;
			return;
		}
		Poco::Data::Statement update(db);
		update << _recordUse, bind(signCount), bind(at), bind(id), bind(signCount), bind(signCount);
		recorded = update.execute() == 1;
	});
	return recorded;
}


bool WebAuthnCredentialStore::remove(Poco::Int64 userId, Poco::Int64 id)
{
	bool removed = false;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			removed = pg->update(_remove, {text(userId), text(id)}) > 0;
			return;
		}
		Poco::Data::Statement del(db);
		del << _remove, bind(userId), bind(id);
		removed = del.execute() > 0;
	});
	return removed;
}


int WebAuthnCredentialStore::removeAll(Poco::Int64 userId)
{
	int removed = 0;
	_database.writeStatement([&](Poco::Data::Session& db)
	{
		if (auto pg = PgConnection::of(_database, db))
		{
			removed = static_cast<int>(pg->update(_removeAll, {text(userId)}));
			return;
		}
		Poco::Data::Statement del(db);
		del << _removeAll, bind(userId);
		removed = static_cast<int>(del.execute());
	});
	return removed;
}


} } // namespace AuthServer::SecondFactor
