//
// WebAuthnCredentialStore.cpp
//


#include "AuthServer/SecondFactor/WebAuthnCredentialStore.h"
#include "Poco/Data/Statement.h"
#include "Poco/Nullable.h"


using namespace Poco::Data::Keywords;


namespace AuthServer {
namespace SecondFactor {


namespace
{
	const std::string COLUMNS = "id, user_id, credential_id, user_handle, public_key, algorithm, sign_count, name, transports, created_at, last_used_at";
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
	Poco::Data::Session db = _database.session();
	std::vector<Poco::Int64> ids;
	WebAuthnCredential v = c;
	db << _insert, bind(v.userId), bind(v.credentialId), bind(v.userHandle), bind(v.publicKey), bind(v.algorithm), bind(v.signCount),
		bind(v.name), bind(v.transports), bind(v.createdAt), into(ids), now;
	if (ids.empty()) return std::nullopt;
	return ids[0];
}


std::vector<WebAuthnCredential> WebAuthnCredentialStore::select(const std::string& sql, const std::string& key, Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
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
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement update(db);
	update << _recordUse, bind(signCount), bind(at), bind(id), bind(signCount), bind(signCount);
	return update.execute() == 1;
}


bool WebAuthnCredentialStore::remove(Poco::Int64 userId, Poco::Int64 id)
{
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement del(db);
	del << _remove, bind(userId), bind(id);
	return del.execute() > 0;
}


int WebAuthnCredentialStore::removeAll(Poco::Int64 userId)
{
	Poco::Data::Session db = _database.session();
	Poco::Data::Statement del(db);
	del << _removeAll, bind(userId);
	return static_cast<int>(del.execute());
}


} } // namespace AuthServer::SecondFactor
